"""The label and customer instructions of a new return as one PDF (core builders; no Qt)."""

from __future__ import annotations

from datetime import date

from desktop_app.cli.documents_data import return_documents
from desktop_app.core.db.engine import Database
from desktop_app.core.documents.data import InstructionsData
from desktop_app.core.documents.instructions import build_instructions, default_steps
from desktop_app.core.documents.label import build_label
from desktop_app.core.documents.merge import append_pdf
from desktop_app.core.documents.policy_text import policy_terms
from desktop_app.core.services.policies import current_policy
from desktop_app.core.services.settings import get_settings


def label_and_instructions(db: Database, rma: str, deadline: date | None = None, size: str = "a4") -> bytes:
    """Return the return label followed by the customer's step-by-step instructions, in their language."""
    docs = return_documents(db, rma, None)
    lang = docs.label.lang
    shop = get_settings(db)
    terms = policy_terms(current_policy(db).rules, lang)
    label = docs.label
    steps = default_steps(lang, label.carrier, label.prepaid, rma, tracked_online=bool(label.status_url))
    contact = " · ".join(part for part in (shop.shop_email, shop.shop_phone) if part)
    instructions = InstructionsData(
        shop_name=shop.shop_name, customer_name=label.customer.name, steps=steps, policy_terms=terms, rma=rma,
        order_number=docs.slip.order_number or None, deadline=deadline, lang=lang,
        status_url=label.status_url, contact=contact, logo=shop.shop_logo)
    return append_pdf(build_label(label, size), build_instructions(instructions, size))
