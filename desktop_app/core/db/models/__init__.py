"""All ReturnDesk tables; import from here so that every model is registered on the metadata."""

from desktop_app.core.db.models.base import Base, UTCDateTime, clock_at, utcnow
from desktop_app.core.db.models.catalog import InventoryMovement, Product
from desktop_app.core.db.models.desk import DeskSession
from desktop_app.core.db.models.exchanges import Exchange
from desktop_app.core.db.models.orders import Order, OrderLine
from desktop_app.core.db.models.people import Customer, User
from desktop_app.core.db.models.policy import PolicyVersion
from desktop_app.core.db.models.portal import PortalAttempt
from desktop_app.core.db.models.reports import ReportChange, ReportFigures
from desktop_app.core.db.models.returns import Attachment, Refund, Return, ReturnEvent, ReturnLine, StoreCreditEntry
from desktop_app.core.db.models.shop import Counter, ImportBatch, OutgoingMessage, Setting

__all__ = [
    "Attachment",
    "Base",
    "Counter",
    "Customer",
    "DeskSession",
    "Exchange",
    "ImportBatch",
    "InventoryMovement",
    "Order",
    "OrderLine",
    "OutgoingMessage",
    "PolicyVersion",
    "PortalAttempt",
    "Product",
    "Refund",
    "ReportChange",
    "ReportFigures",
    "Return",
    "ReturnEvent",
    "ReturnLine",
    "Setting",
    "StoreCreditEntry",
    "UTCDateTime",
    "User",
    "clock_at",
    "utcnow",
]
