"""The owner edits a message template: checked in the sandbox, stored, used for the next message, reset."""

from __future__ import annotations

import time

import pytest

from desktop_app.core.i18n import set_language
from desktop_app.core.notify import hooks
from desktop_app.core.notify.outbox import list_outbox
from desktop_app.core.notify.templates import TemplateProblem, default_template
from desktop_app.core.notify.templates_store import load_template, reset_template, save_template
from desktop_app.core.services import returns
from desktop_app.core.services.base import InvalidInput, PermissionDenied
from tests.helpers.dump import logical_dump
from tests.integration.services.returns_shop import build_shop, with_hooks

HOSTILE = (
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ customer_name.__class__.__init__.__globals__ }}",
    "{% for x in range(10**9) %}{{ x }}{% endfor %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ rma.format.__globals__ }}",
    # time and memory: refused before rendering, not after
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ [1] * 10**9 }}",
    "{{ 9**9**9 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ rma|center(999999999) }}",
    "{% set x = rma %}{{ x }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{{ lipsum(10**6) }}",
)


@pytest.fixture
def shop(database):
    return build_shop(database)


def test_the_shipped_wording_until_the_owner_edits(shop):
    loaded = load_template(shop.db, "approved", "zh_CN")
    assert not loaded.edited
    assert loaded.subject == default_template("approved", "zh_CN").subject


def test_an_edited_template_is_stored_and_used_for_the_next_message(shop):
    saved = save_template(shop.owner, "approved", "en", "Your return {{ rma }} is on its way",
                          "Hello {{ customer_name }},\nprint the label.\n{{ shop_name }}")
    assert saved.edited
    assert load_template(shop.db, "approved", "en").subject == "Your return {{ rma }} is on its way"
    owner = with_hooks(shop, hooks.CUSTOMER_MESSAGES).owner
    created = returns.create_return(owner, "1001", [(shop.order_lines["1001/MUG-1"], 1, "defective", "", "like_new")])
    returns.approve(owner, created.rma)
    sent = [m for m in list_outbox(shop.db, rma=created.rma) if m.language == "en"]
    assert sent and sent[0].subject == f"Your return {created.rma} is on its way"


def test_reset_brings_back_the_shipped_wording(shop):
    save_template(shop.owner, "received", "en", "Got it {{ rma }}", "Thanks")
    reset = reset_template(shop.owner, "received", "en")
    assert not reset.edited
    assert load_template(shop.db, "received", "en").subject == default_template("received", "en").subject


@pytest.mark.parametrize("body", HOSTILE)
def test_a_hostile_template_is_refused_with_a_sentence_and_nothing_stored(shop, body):
    before = logical_dump(shop.db)
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as refused:
        save_template(shop.owner, "approved", "en", "Return {{ rma }}", body)
    assert time.monotonic() - started < 2
    sentence = refused.value.render("en")
    assert sentence.endswith(".") and "Traceback" not in sentence
    assert logical_dump(shop.db) == before


def test_a_typo_names_the_merge_fields_in_the_owners_language(shop):
    set_language("zh_CN")
    try:
        with pytest.raises(TemplateProblem) as refused:
            save_template(shop.owner, "approved", "zh_CN", "退货 {{ rma }}", "您好 {{ custmer_name }}")
    finally:
        set_language("en")
    assert "customer_name" in refused.value.render("en")
    assert refused.value.render("zh_CN") != refused.value.render("en")


def test_a_clerk_may_not_change_templates(shop):
    before = logical_dump(shop.db)
    with pytest.raises(PermissionDenied):
        save_template(shop.clerk, "approved", "en", "Hi", "Hello")
    with pytest.raises(PermissionDenied):
        reset_template(shop.clerk, "approved", "en")
    assert logical_dump(shop.db) == before


def test_unknown_events_and_languages_are_refused(shop):
    with pytest.raises(InvalidInput):
        save_template(shop.owner, "birthday", "en", "Hi", "Hello")
    with pytest.raises(InvalidInput):
        load_template(shop.db, "approved", "fr")


def test_an_empty_subject_is_refused(shop):
    with pytest.raises(TemplateProblem):
        save_template(shop.owner, "approved", "en", "   ", "Hello")


def test_the_small_template_language_still_allows_what_messages_need(shop):
    body = ("{{ customer_name|upper }} {% if note is defined and note %}{{ note|trim }}{% else %}-{% endif %} "
            "{{ rma ~ '!' }} {{ amount|default('0') }}")
    saved = save_template(shop.owner, "refunded", "en", "Refund {{ rma }}", body)
    assert saved.edited


def test_a_refusal_names_the_construct_in_chinese(shop):
    with pytest.raises(TemplateProblem) as refused:
        save_template(shop.owner, "approved", "zh_CN", "退货 {{ rma }}", "{% for x in items %}{{ x }}{% endfor %}")
    assert "for" in refused.value.render("zh_CN") and refused.value.render("zh_CN") != refused.value.render("en")


@pytest.mark.parametrize("source", ["{{ " + " + ".join(["rma"] * 2500) + " }}", "{{ " + "+" * 2500 + "rma }}",
                                    "{% if rma %}" * 300 + "x" + "{% endif %}" * 300],
                         ids=["2500-chained-plus", "2500-unary-plus", "300-nested-ifs"])
def test_a_template_nested_thousands_deep_gets_a_sentence_not_a_recursion_error(shop, source):
    before = logical_dump(shop.db)
    for subject, body in (("Return {{ rma }}", source), (source, "Hello")):
        started = time.monotonic()
        with pytest.raises(TemplateProblem) as refused:
            save_template(shop.owner, "approved", "en", subject, body)
        assert time.monotonic() - started < 2
        assert "nests too deeply" in refused.value.render("en")
        assert refused.value.render("zh_CN") != refused.value.render("en")
    assert logical_dump(shop.db) == before
    joined = save_template(shop.owner, "approved", "en", "Return {{ rma }}", "{{ " + " + ".join(["rma"] * 50) + " }}")
    assert joined.edited  # a few dozen joins are still a message
