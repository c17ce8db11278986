"""The documents service fills labels, slips, instructions, credit notes and kits from a real demo shop."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.db.schema import open_database
from desktop_app.core.demo.shop import build_demo
from desktop_app.core.services import documents, returns
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import NotFound, ServiceContext
from desktop_app.core.services.orders import get_order


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """A small demo shop built once for this module."""
    path = tmp_path_factory.mktemp("docs") / "demo.db"
    db = open_database(path)
    build_demo(db, orders=60, seed=7)
    db.dispose()
    return path


@pytest.fixture
def shop(demo_file, tmp_path):
    """A private copy of the demo shop."""
    path = tmp_path / "shop.db"
    with sqlite3.connect(demo_file) as source, sqlite3.connect(path) as target:
        source.backup(target)
    db = open_database(path)
    yield db
    db.dispose()


def _rmas(db, status: str) -> list[str]:
    ids = returns.return_ids(db, returns.ReturnFilter(status=status))
    return [s.rma for s in returns.summaries_by_ids(db, ids)]


def _pages(pdf: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(v) for v in page.get_size()) for page in doc]
    finally:
        doc.close()


def _carrier_pdf() -> bytes:
    path = Path(pytest.importorskip("tempfile").mkdtemp()) / "carrier.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(72, 720, "CARRIER LABEL")
    canvas.showPage()
    canvas.save()
    return path.read_bytes()


def test_return_documents_fill_label_and_slip_in_the_customers_language(shop):
    rma = _rmas(shop, "approved")[0]
    docs = documents.return_documents(shop, rma, None)
    detail = returns.get_return(shop, rma)
    assert docs.label.rma == rma and docs.slip.rma == rma
    assert docs.label.item_count == sum(line.requested_qty for line in detail.lines)
    assert docs.slip.order_number == (detail.order_number or "")
    assert documents.return_documents(shop, rma, "zh_CN").label.lang == "zh_CN"


def test_instructions_carry_the_policy_terms_and_the_deadline(shop):
    rma = _rmas(shop, "approved")[0]
    data = documents.instructions_data(shop, rma, "en")
    assert data.rma == rma and data.policy_terms and len(data.steps) == 4
    assert data.deadline is not None
    assert len(_pages(documents.instructions_pdf(shop, rma))) >= 1


def test_a_refund_becomes_a_numbered_credit_note_that_adds_up(shop):
    found = [r for status in ("resolved", "closed") for r in _rmas(shop, status)
             if documents.credit_notes(shop, r)]
    assert found, "the demo shop has refunded returns"
    rma = found[0]
    number = documents.credit_notes(shop, rma)[0]
    data = documents.credit_note_data(shop, rma, number)
    assert data.number == number and data.lines
    line = data.lines[0]
    assert line.net + line.tax == line.total > 0
    assert documents.credit_note_pdf(shop, rma, number).startswith(b"%PDF")


def test_a_return_without_refunds_has_no_credit_note(shop):
    rma = _rmas(shop, "requested")[0]
    with pytest.raises(NotFound):
        documents.credit_note_data(shop, rma)


def test_a_kit_for_an_outgoing_order_prints_a_label_and_the_instructions(shop):
    from desktop_app.core.services.orders import list_orders

    order = list_orders(shop, limit=1)[0].number
    data = documents.kit_data(shop, order)
    assert data.order_number == order and data.instructions.order_number == order
    assert data.instructions.policy_terms
    assert _pages(documents.kit_pdf(shop, order))[0] == (288, 432)
    with pytest.raises(NotFound):
        documents.kit_data(shop, "NO-SUCH-ORDER")


def test_an_attached_carrier_label_prints_after_the_return_label(shop):
    rma = _rmas(shop, "approved")[0]
    owner = ServiceContext(shop, sign_in(shop, "owner", "4321"))
    returns.attach_file(owner, rma, "dhl.pdf", _carrier_pdf(), kind="carrier_label")
    assert _pages(documents.label_pdf(shop, rma)) == [(288, 432), (595, 842)]


def test_a_batch_has_one_label_per_return_with_carrier_labels_in_place_and_can_be_cancelled(shop):
    rmas = (_rmas(shop, "approved") + _rmas(shop, "requested"))[:3]
    assert len(rmas) == 3
    owner = ServiceContext(shop, sign_in(shop, "owner", "4321"))
    returns.attach_file(owner, rmas[1], "ups.pdf", _carrier_pdf(), kind="carrier_label")
    seen: list[tuple[int, int]] = []
    pdf = documents.batch_pdf(shop, rmas, "label", progress=lambda done, total: seen.append((done, total)) or True)
    assert _pages(pdf) == [(288, 432), (288, 432), (595, 842), (288, 432)]
    assert seen[-1] == (6, 6)
    slips = documents.batch_pdf(shop, rmas, "slip", slip_size="a4")
    assert _pages(slips) == [(595, 842)] * 3
    assert documents.batch_pdf(shop, rmas, "label", progress=lambda done, _t: done < 2) is None


def test_the_status_qr_carries_the_shops_status_page_and_the_bench_scan_opens_the_return(shop, tmp_path):
    from desktop_app.core.documents.instructions import build_instructions
    from desktop_app.core.documents.label import build_label
    from desktop_app.core.documents.slip import build_slip
    from desktop_app.core.services.returns import find_scanned
    from desktop_app.core.services.settings import set_setting

    owner = ServiceContext(shop, sign_in(shop, "owner", "4321"))
    set_setting(owner, "shop.status_url_template", "https://shop.example/returns/{rma}")
    rma = _rmas(shop, "approved")[0]
    docs = documents.return_documents(shop, rma, "en")
    url = docs.label.status_url
    assert url and url.startswith("https://shop.example/returns/") and rma in url
    pdfs = {"label": build_label(docs), "slip": build_slip(docs.slip),
            "instructions": build_instructions(documents.instructions_data(shop, rma, "en"))}
    for name, pdf in pdfs.items():
        source = tmp_path / f"{name}.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "203", "-gray", "-png", "-f", "1", "-l", "1", str(source),
                        str(tmp_path / name)], check=True)
        png = next(tmp_path.glob(f"{name}-*.png"))
        found = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True).stdout
        assert url in found.splitlines(), (name, found)
    assert find_scanned(shop, url).rma == rma


def test_no_internal_key_appears_in_any_document_of_the_demo_shop(shop, tmp_path):
    import re

    from desktop_app.core.documents.credit_note import build_credit_note
    from desktop_app.core.documents.instructions import build_instructions
    from desktop_app.core.documents.label import build_label
    from desktop_app.core.documents.policy_text import policy_terms
    from desktop_app.core.documents.slip import build_slip
    from desktop_app.core.services.policies import current_policy

    key = re.compile(r"\b[a-z]+_[a-z_]+\b")
    texts = [" ".join(policy_terms(current_policy(shop).rules, lang)) for lang in ("en", "zh_CN")]
    every = [s.rma for s in returns.summaries_by_ids(shop, returns.return_ids(shop, returns.ReturnFilter()))]
    with_notes = [rma for rma in every if documents.credit_notes(shop, rma)]
    rmas = [*_rmas(shop, "approved")[:3], *with_notes[:3]]
    assert rmas and with_notes
    for rma in rmas:
        for lang in ("en", "zh_CN"):
            docs = documents.return_documents(shop, rma, lang)
            pdfs = [build_label(docs), build_slip(docs.slip),
                    build_instructions(documents.instructions_data(shop, rma, lang))]
            pdfs += [build_credit_note(documents.credit_note_data(shop, rma, n, lang))
                     for n in documents.credit_notes(shop, rma)]
            for i, pdf in enumerate(pdfs):
                source = tmp_path / f"{rma}-{lang}-{i}.pdf"
                source.write_bytes(pdf)
                texts.append(subprocess.run(["pdftotext", str(source), "-"], capture_output=True, text=True,
                                            check=True).stdout)
    found = {m for text in texts for m in key.findall(text)}
    assert not found, found


def _statements(db, fn) -> int:
    """Run `fn` and return how many SQL statements it sent to the shop."""
    from sqlalchemy import event

    count = [0]

    def seen(*_args) -> None:
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    return count[0]


def test_a_batch_of_labels_reads_the_shop_in_a_few_statements_whatever_its_size(shop):
    every = [s.rma for s in returns.summaries_by_ids(shop, returns.return_ids(shop, returns.ReturnFilter()))]
    parcels = documents.parcel_returns(shop, every)
    assert len(parcels) >= 20
    small = _statements(shop, lambda: documents.batch_pdf(shop, parcels[:2], "label"))
    large = _statements(shop, lambda: documents.batch_pdf(shop, parcels, "label"))
    assert large == small <= 12, (small, large)
    assert _statements(shop, lambda: documents.labels_zpl(shop, parcels, 203)) <= 12
    assert _statements(shop, lambda: documents.batch_pdf(shop, parcels, "slip")) <= 12


def test_the_batch_prints_what_each_return_and_its_order_say(shop):
    every = [s.rma for s in returns.summaries_by_ids(shop, returns.return_ids(shop, returns.ReturnFilter()))]
    batch = documents.batch_documents(shop, every)
    assert [d.label.rma for d in batch] == every
    for docs in batch:
        detail = returns.get_return(shop, docs.label.rma)
        assert docs.label.item_count == sum(line.requested_qty for line in detail.lines)
        assert docs.label.prepaid == detail.shipping.label_prepaid
        assert [line.sku for line in docs.slip.lines] == [line.sku for line in detail.lines]
        if detail.order_number:
            order = get_order(shop, detail.order_number)
            assert docs.label.customer.name == order.ship_to.name
            buyer = order.customer.language if order.customer else None
            assert docs.label.lang == (buyer or documents.get_settings(shop).shop_language or "en")
    with pytest.raises(NotFound, match="There is no return R-999999"):
        documents.batch_documents(shop, [every[0], "R-999999"])
