"""All ReturnDesk tables; import from here so that every model is registered on the metadata."""

from .base import Base, UTCDateTime, utcnow
from .catalog import InventoryMovement, Product
from .orders import Order, OrderLine
from .people import Customer, User
from .policy import PolicyVersion
from .returns import Attachment, Refund, Return, ReturnEvent, ReturnLine, StoreCreditEntry
from .shop import Counter, ImportBatch, OutgoingMessage, Setting

__all__ = [
    "Attachment",
    "Base",
    "Counter",
    "Customer",
    "ImportBatch",
    "InventoryMovement",
    "Order",
    "OrderLine",
    "OutgoingMessage",
    "PolicyVersion",
    "Product",
    "Refund",
    "Return",
    "ReturnEvent",
    "ReturnLine",
    "Setting",
    "StoreCreditEntry",
    "UTCDateTime",
    "User",
    "utcnow",
]
