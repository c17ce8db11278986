"""Fill the documents of returns and orders (label, slip, instructions, credit note, kit) from the services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Refund, Return
from desktop_app.core.documents.coverage import document_warnings
from desktop_app.core.documents.data import (
    Address,
    CreditNoteData,
    InstructionsData,
    LabelData,
    ReturnDocuments,
    ReturnKitData,
    SlipData,
    SlipLine,
)
from desktop_app.core.documents.postal import postal_address
from desktop_app.core.domain.errors import RuleViolation
from desktop_app.core.domain.money import Money, format_money
from desktop_app.core.domain.policy import readable_key
from desktop_app.core.domain.shipping import ReturnShipping
from desktop_app.core.i18n import N_, Message
from desktop_app.core.i18n.formats import format_amount
from desktop_app.core.services.base import NotFound
from desktop_app.core.services.credit_note_lines import refund_lines
from desktop_app.core.services.document_sources import ReturnSource, carrier_label_files, read_sources
from desktop_app.core.services.orders import get_order
from desktop_app.core.services.returns import get_return
from desktop_app.core.services.settings import ShopSettings, get_settings, load_settings

Progress = Callable[[int, int], bool]
METHODS = {"original_payment": N_("the original payment method"), "store_credit": N_("store credit")}


def _postal(address: Any, lang: str = "en", home: str = "") -> Address:
    """Return an order's address as printed lines, in the order its country writes them."""
    return postal_address(address.name, address.street, address.postcode, address.city, address.region,
                          address.country, lang, home)


def _return_address(shop: ShopSettings) -> Address:
    """Return the shop's own address, where returns go."""
    lines = tuple(shop.shop_address)
    return Address(lines[0] if lines else shop.shop_name, lines[1:], shop.shop_phone)


def _today(shop: ShopSettings) -> date:
    return datetime.now(ZoneInfo(shop.shop_timezone or "UTC")).date()


def _language(lang: str | None, customer_language: str | None, shop: ShopSettings) -> str:
    return lang or customer_language or shop.shop_language or "en"


def _buyer_language(order: Any) -> str | None:
    """Return the language of the customer who placed an order (None without one)."""
    return order.customer.language if order and order.customer else None


def _contact(shop: ShopSettings) -> str:
    return " · ".join(part for part in (shop.shop_email, shop.shop_phone) if part)


def _terms_and_prepaid(db: Database, lang: str) -> tuple[tuple[str, ...], bool | None, str]:
    """Return the published policy's terms in `lang`, whether the kit's label is prepaid, and its cost charged."""
    from desktop_app.core.documents.policy_text import policy_terms
    from desktop_app.core.domain.policy import ShippingPayer
    from desktop_app.core.services.policies import current_policy

    try:
        rules = current_policy(db).rules
    except NotFound:
        return (), None, ""
    if rules.return_shipping_payer == ShippingPayer.SHOP:
        return policy_terms(rules, lang), True, ""
    cost = Money.of(rules.return_shipping_cost, rules.currency)
    charged = "" if cost.is_zero() else format_money(cost, lang)
    return policy_terms(rules, lang), bool(charged), charged


def return_documents(db: Database, rma: str, lang: str | None = None) -> ReturnDocuments:
    """Return what the label and the slip of a return print; `lang` None means the customer's language."""
    return batch_documents(db, [rma], lang)[0]


def batch_documents(db: Database, rmas: Sequence[str], lang: str | None = None) -> list[ReturnDocuments]:
    """Return the label and slip data of many returns, in their order, read in a few queries in all."""
    with db.read() as session:
        sources = read_sources(session, rmas)
        shop = load_settings(session)
    today = _today(shop)
    return [_documents_of(source, shop, lang, today) for source in sources]


def _documents_of(ret: ReturnSource, shop: ShopSettings, lang: str | None, today: date) -> ReturnDocuments:
    """Return what the label and the slip of one return print (`lang` None: the customer's language)."""
    language = _language(lang, ret.customer_language, shop)
    customer = (_postal(ret.ship_to, language, shop.shop_country) if ret.ship_to is not None
                else Address(ret.customer_name))
    status_url = shop.status_url(ret.rma) or None  # the signed status page the customer's portal opens
    label = LabelData(shop_name=shop.shop_name, return_address=_return_address(shop), customer=customer,
                      rma=ret.rma, carrier=ret.carrier, tracking_number=ret.tracking_number,
                      prepaid=ret.shipping.label_prepaid, item_count=sum(line.requested_qty for line in ret.lines),
                      label_date=today, lang=language, status_url=status_url, country=shop.shop_country)
    slip = SlipData(shop_name=shop.shop_name, rma=ret.rma, order_number=ret.order_number or "",
                    customer=customer,
                    lines=tuple(SlipLine(line.sku, line.name, line.requested_qty,
                                         line.reason.render(language) if line.reason
                                         else readable_key(line.reason_code or ""))
                                for line in ret.lines),
                    slip_date=today, lang=language, status_url=status_url, logo=shop.shop_logo,
                    country=shop.shop_country)
    return ReturnDocuments(label=label, slip=slip, warnings=document_warnings(label, slip))


def instructions_data(db: Database, rma: str, lang: str | None = None,
                      deadline: date | None = None) -> InstructionsData:
    """Return the customer's step-by-step instructions for a return, with the policy terms that apply."""
    from desktop_app.core.documents.instructions import default_steps

    docs = return_documents(db, rma, lang)
    label, shop = docs.label, get_settings(db)
    if deadline is None:
        days = [line.deadline for line in get_return(db, rma).lines if line.deadline]
        deadline = date.fromisoformat(min(days)) if days else None
    terms, _prepaid, _cost = _terms_and_prepaid(db, label.lang)
    ret = get_return(db, rma)
    charge = ret.shipping_charge
    cost = (format_amount(charge.amount, charge.currency, label.lang, shop.shop_country)
            if ret.shipping == ReturnShipping.DEDUCTED else "")
    steps = default_steps(label.lang, label.carrier, label.prepaid, rma, tracked_online=bool(label.status_url),
                          label_cost=cost)
    return InstructionsData(shop_name=shop.shop_name, customer_name=label.customer.name, steps=steps,
                            policy_terms=terms, rma=rma, order_number=docs.slip.order_number or None,
                            deadline=deadline, lang=label.lang, status_url=label.status_url,
                            contact=_contact(shop), logo=shop.shop_logo, country=shop.shop_country)


def credit_notes(db: Database, rma: str) -> list[str]:
    """Return the credit note numbers of a return's refunds, oldest first."""
    return [r.credit_note_number for r in get_return(db, rma).refunds if r.credit_note_number]


def credit_note_return(db: Database, number: str) -> str:
    """Return the RMA of the return whose refund has this credit note number, or refuse naming the number."""
    wanted = (number or "").strip().upper()
    with db.read() as session:
        rma = session.scalar(select(Return.rma).join(Refund, Refund.return_id == Return.id)
                             .where(func.upper(Refund.credit_note_number) == wanted))
    if rma is None:
        raise NotFound(Message("There is no credit note {number}.", {"number": number}))
    return rma


def credit_note_data(db: Database, rma: str, number: str | None = None, lang: str | None = None) -> CreditNoteData:
    """Return the credit note of one refund of a return (the newest when `number` is None)."""
    ret = get_return(db, rma)
    refunds = [r for r in ret.refunds if r.credit_note_number]
    chosen = [r for r in refunds if number is None or r.credit_note_number == number]
    if not chosen:
        raise NotFound(Message("Return {rma} has no refund with a credit note.", {"rma": ret.rma}))
    refund = chosen[-1]
    shop = get_settings(db)
    order = get_order(db, ret.order_number) if ret.order_number else None
    language = _language(lang, _buyer_language(order), shop)
    names = {line.id: f"{line.name} ({line.sku})" for line in ret.lines}
    lines = refund_lines(db, ret, refund, names.get(refund.return_line_id or -1, ret.rma), language)
    method = (Message(METHODS[refund.method]).render(language) if refund.method in METHODS
              else refund.method.replace("_", " "))
    return CreditNoteData(
        number=refund.credit_note_number or "", issue_date=refund.created_at.astimezone(shop.zone).date(),
        shop_name=shop.shop_name, shop_address=_return_address(shop),
        customer=_postal(order.ship_to, language, shop.shop_country) if order else Address(ret.customer_name),
        rma=ret.rma,
        order_number=ret.order_number or "", lines=lines, currency=ret.currency, lang=language,
        refund_method=method, note=refund.external_reference, logo=shop.shop_logo, country=shop.shop_country)


def kit_data(db: Database, order_number: str, lang: str | None = None) -> ReturnKitData:
    """Return the return kit of an outgoing order: its label (naming the order) and the instructions."""
    from desktop_app.core.documents.instructions import default_steps

    order = get_order(db, order_number.strip())
    shop = get_settings(db)
    language = _language(lang, _buyer_language(order), shop)
    terms, prepaid, cost = _terms_and_prepaid(db, language)
    paid = bool(prepaid)
    customer = _postal(order.ship_to, language, shop.shop_country)
    steps = default_steps(language, "", paid, None, label_cost=cost)
    instructions = InstructionsData(
        shop_name=shop.shop_name, customer_name=customer.name, steps=steps,
        policy_terms=terms, order_number=order.number, lang=language, contact=_contact(shop),
        logo=shop.shop_logo, country=shop.shop_country)
    return ReturnKitData(shop_name=shop.shop_name, return_address=_return_address(shop), customer=customer,
                         order_number=order.number, carrier="", prepaid=paid, kit_date=_today(shop),
                         instructions=instructions, item_count=sum(line.quantity for line in order.lines),
                         lang=language, country=shop.shop_country)


def carrier_labels(db: Database, rma: str) -> list[bytes]:
    """Return the carrier's own label PDFs attached to a return, oldest first."""
    with db.read() as session:
        ret = read_sources(session, [rma])[0]
        return carrier_label_files(session, [ret.id]).get(ret.id, [])


def _needs_parcel(db: Database, rma: str) -> None:
    """Refuse a label or shipping instructions for a keep-it return: nothing is sent back."""
    with db.read() as session:
        ret = read_sources(session, [rma])[0]
    if not ret.shipping.needs_parcel:
        raise RuleViolation(Message("The customer keeps the items of {rma}: there is no return label and no "
                                    "shipping instructions.", {"rma": ret.rma}))


def parcel_returns(db: Database, rmas: Sequence[str]) -> list[str]:
    """Return the returns of `rmas` that send a parcel back (keep-it ones have no label); refuse when none do."""
    with db.read() as session:
        return [source.rma for source in _parcels(read_sources(session, rmas))]


def _parcels(sources: list[ReturnSource]) -> list[ReturnSource]:
    """Return the sources that send a parcel back; refuse when none of several do."""
    wanted = [source for source in sources if source.shipping.needs_parcel]
    if sources and not wanted:
        raise RuleViolation(Message("The customers keep the items of the chosen returns: there is no return "
                                    "label to print."))
    return wanted


def label_pdf(db: Database, rma: str, size: str = "4x6", lang: str | None = None) -> bytes:
    """Return a return's label PDF with the carrier's attached label pages after it."""
    from desktop_app.core.documents.label import build_label
    from desktop_app.core.documents.merge import append_pdf

    _needs_parcel(db, rma)
    pdf = build_label(return_documents(db, rma, lang).label, size=size)
    for attached in carrier_labels(db, rma):
        pdf = append_pdf(pdf, attached)
    return pdf


def labels_zpl(db: Database, rmas: Sequence[str], dpi: int = 203) -> bytes:
    """Return the ZPL of the labels of `rmas` for a thermal printer of `dpi` (keep-it returns left out)."""
    from desktop_app.core.documents.zpl import build_label_zpl

    with db.read() as session:
        sources = _parcels(read_sources(session, rmas))
        shop = load_settings(session)
    today = _today(shop)
    return build_label_zpl([_documents_of(source, shop, None, today).label for source in sources], dpi=dpi)


def slip_pdf(db: Database, rma: str, size: str = "a4", lang: str | None = None) -> bytes:
    """Return a return's packing slip PDF."""
    from desktop_app.core.documents.slip import build_slip

    return build_slip(return_documents(db, rma, lang).slip, size=size)


def instructions_pdf(db: Database, rma: str, size: str = "a4", lang: str | None = None) -> bytes:
    """Return a return's customer instructions PDF."""
    from desktop_app.core.documents.instructions import build_instructions

    _needs_parcel(db, rma)
    return build_instructions(instructions_data(db, rma, lang), size)


def credit_note_pdf(db: Database, rma: str, number: str | None = None, lang: str | None = None) -> bytes:
    """Return the credit note PDF of a return's refund (the newest when `number` is None)."""
    from desktop_app.core.documents.credit_note import build_credit_note

    return build_credit_note(credit_note_data(db, rma, number, lang))


def kit_pdf(db: Database, order_number: str, label_size: str = "4x6", sheet_size: str = "a4",
            lang: str | None = None) -> bytes:
    """Return the return kit PDF of an outgoing order: label then instructions."""
    from desktop_app.core.documents.kit import build_return_kit

    return build_return_kit(kit_data(db, order_number, lang), label_size, sheet_size)


def batch_pdf(db: Database, rmas: Sequence[str], kind: str = "label", label_size: str = "4x6",
              slip_size: str = "a4", progress: Progress | None = None) -> bytes | None:
    """Return the labels ("label") or slips ("slip") of many returns in one PDF; None when cancelled.

    Keep-it returns have no label and are left out of a batch of labels (refused when nothing is left).

    `progress(done, total)` counts returns read and then returns drawn (total = 2 x returns); a carrier's
    attached label follows the label of its return.
    """
    from desktop_app.core.documents.batch import build_batch

    with db.read() as session:
        sources = read_sources(session, rmas)
        if kind == "label":
            sources = _parcels(sources)
        shop = load_settings(session)
        attached = carrier_label_files(session, [s.id for s in sources]) if kind == "label" else {}
    total, today = 2 * len(sources), _today(shop)
    items: list[LabelData | SlipData] = []
    for done, source in enumerate(sources, start=1):
        docs = _documents_of(source, shop, None, today)
        items.append(docs.label if kind == "label" else docs.slip)
        if progress is not None and not progress(done, total):
            return None
    offset = len(sources)
    drawn = build_batch(items, label_size, slip_size,
                        None if progress is None else (lambda n, _t: progress(offset + n, total)))
    if drawn is None or not attached:
        return drawn
    return _insert_after_pages(drawn, {i: attached[s.id] for i, s in enumerate(sources) if s.id in attached})


def _insert_after_pages(pdf: bytes, attached: dict[int, list[bytes]]) -> bytes:
    """Return `pdf` (one page per item) with each item's attached PDFs right after its page."""
    import io

    import pypdfium2 as pdfium

    from desktop_app.core.i18n import UserFacingError

    base = pdfium.PdfDocument(pdf)
    try:
        shift = 0
        for index in sorted(attached):
            for extra in attached[index]:
                try:
                    other = pdfium.PdfDocument(extra)
                except pdfium.PdfiumError:
                    raise UserFacingError("The attached carrier label is not a readable PDF. Attach the label "
                                          "file again.") from None
                base.import_pages(other, index=index + shift + 1)
                shift += len(other)
                other.close()
        out = io.BytesIO()
        base.save(out)
        return out.getvalue()
    finally:
        base.close()

