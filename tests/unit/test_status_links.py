"""Signed status links and form tokens: only the shop's own signature, for the right purpose, while fresh."""

from desktop_app.core.services.status_links import make_token, read_token, rma_of_status_token, status_token

SECRET = "ab" * 32


def test_a_status_token_opens_only_its_own_return():
    token = status_token(SECRET, "r-000123")
    assert token.startswith("R-000123.") and rma_of_status_token(SECRET, token) == "R-000123"
    rma, sig = token.split(".")
    assert rma_of_status_token("cd" * 32, token) is None  # another shop's secret
    assert rma_of_status_token(SECRET, f"R-000124.{sig}") is None
    assert rma_of_status_token(SECRET, rma) is None and rma_of_status_token(SECRET, f"{rma}.{sig[:-1]}0") is None
    assert rma_of_status_token("", token) is None and rma_of_status_token(SECRET, "../../etc/passwd") is None


def test_form_tokens_are_bound_to_purpose_and_age():
    token = make_token(SECRET, "form", ("nonce-1",), now=1000)
    assert read_token(SECRET, "form", token, max_age=60, now=1030) == ("nonce-1",)
    assert read_token(SECRET, "form", token, max_age=60, now=1061) is None  # expired
    assert read_token(SECRET, "order", token, max_age=60, now=1030) is None  # another purpose
    body, sig = token.rsplit(".", 1)
    forged = make_token("ef" * 32, "form", ("nonce-1",), now=1000)
    assert read_token(SECRET, "form", forged, max_age=60, now=1030) is None
    assert read_token(SECRET, "form", body.replace("1000", "1050") + "." + sig, max_age=60, now=1060) is None
