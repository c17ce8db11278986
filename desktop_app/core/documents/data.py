"""Plain frozen dataclasses the services fill and the document builders read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from desktop_app.core.i18n import Message

LabelSize = Literal["4x6", "a4", "letter"]
PageSize = Literal["a4", "letter"]
StepKind = Literal["pack", "attach", "drop_off", "track"]


@dataclass(frozen=True)
class Address:
    """A postal address as the shop knows it: a name and free-form lines, printed as given."""

    name: str
    lines: tuple[str, ...] = ()
    phone: str = ""

    def text(self) -> str:
        """Return the address lines (without the name) as one block of text."""
        return "\n".join(line for line in (*self.lines, self.phone) if line)


@dataclass(frozen=True)
class LabelData:
    """Everything printed on one return label."""

    shop_name: str
    return_address: Address
    customer: Address
    rma: str
    carrier: str
    tracking_number: str
    prepaid: bool
    item_count: int
    label_date: date  # the shop's local date
    lang: str = "en"
    status_url: str | None = None  # the status page (filled in or a {rma} template); None: "RMA:<rma>"
    country: str = ""  # the shop's country (ISO code): how dates and amounts are written


@dataclass(frozen=True)
class SlipLine:
    """One returned item on a packing slip."""

    sku: str
    name: str
    quantity: int
    reason: str


@dataclass(frozen=True)
class SlipData:
    """A packing slip that goes in the parcel with the returned items."""

    shop_name: str
    rma: str
    order_number: str
    customer: Address
    lines: tuple[SlipLine, ...]
    include: tuple[str, ...] = ()
    slip_date: date | None = None
    lang: str = "en"
    status_url: str | None = None
    logo: bytes | None = None  # the shop's PNG or JPEG logo, printed at the top
    country: str = ""  # the shop's country (ISO code): how dates and amounts are written


@dataclass(frozen=True)
class InstructionStep:
    """One numbered step of the customer instructions, drawn with a simple picture of `kind`."""

    kind: StepKind
    text: str


@dataclass(frozen=True)
class InstructionsData:
    """Step-by-step return instructions for the customer, in the customer's language."""

    shop_name: str
    customer_name: str
    steps: tuple[InstructionStep, ...]
    policy_terms: tuple[str, ...] = ()
    rma: str | None = None
    order_number: str | None = None
    deadline: date | None = None
    lang: str = "en"
    status_url: str | None = None
    contact: str = ""
    logo: bytes | None = None
    country: str = ""  # the shop's country (ISO code): how dates and amounts are written


@dataclass(frozen=True)
class CreditNoteLine:
    """One credited line: amounts are Decimal in the note's currency, total = net + tax; `rate` in percent."""

    description: str
    quantity: int
    net: Decimal
    tax: Decimal
    total: Decimal
    rate: Decimal | None = None  # the tax rate (19 for 19 %), None when unknown


@dataclass(frozen=True)
class CreditNoteData:
    """A numbered credit note for one refund."""

    number: str
    issue_date: date
    shop_name: str
    shop_address: Address
    customer: Address
    rma: str
    order_number: str
    lines: tuple[CreditNoteLine, ...]
    currency: str
    lang: str = "en"
    shop_tax_id: str = ""
    refund_method: str = ""
    note: str = ""
    logo: bytes | None = None
    country: str = ""  # the shop's country (ISO code): how dates and amounts are written


@dataclass(frozen=True)
class ReturnKitData:
    """A return kit printed with an outgoing order: a label for the order and the instructions."""

    shop_name: str
    return_address: Address
    customer: Address
    order_number: str
    carrier: str
    prepaid: bool
    kit_date: date
    instructions: InstructionsData
    item_count: int = 0
    tracking_number: str = ""
    lang: str = "en"
    country: str = ""  # the shop's country (ISO code): how dates and amounts are written


@dataclass(frozen=True)
class ReturnDocuments:
    """What the services hand over for one return: its label, its slip and, optionally, instructions."""

    label: LabelData
    slip: SlipData
    instructions: InstructionsData | None = None
    warnings: tuple[Message, ...] = ()  # characters no document font has, one sentence each
