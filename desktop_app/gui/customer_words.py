"""What the customer said about each line (comment) and the photos they sent, as every view shows them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app.core.services.returns import ReturnDetail, ReturnLineView
from desktop_app.gui.i18n import tr


def quoted(comment: str) -> str:
    """Return a customer's comment in quotation marks of the current language (newlines kept as spaces)."""
    return tr("“{comment}”", comment=" ".join(comment.split()))


def wanted_text(line: ReturnLineView) -> str:
    """Return the customer's exchange choice for a line ('' when they made none)."""
    return tr("Asks for {sku} instead", sku=line.wanted_sku) if line.wanted_sku else ""


def photo_names(detail: ReturnDetail) -> list[str]:
    """Return the names of the photos and files attached to the return."""
    return [f.filename for f in detail.attachments]


def customer_says_html(detail: ReturnDetail) -> str:
    """Return each line's comment and the attached photos as rich text ('' when the customer said nothing)."""
    parts = [f"<b>{escape(line.sku)}</b>: <i>{escape(quoted(line.customer_comment))}</i>"
             for line in detail.lines if line.customer_comment.strip()]
    parts += [f"<b>{escape(line.sku)}</b>: {escape(wanted_text(line))}" for line in detail.lines if line.wanted_sku]
    names = photo_names(detail)
    if names:
        parts.append(escape(tr("Photos and files: {names}", names=", ".join(names))))
    return "<br>".join(parts)


def product_label(line: ReturnLineView) -> QLabel:
    """Return a form's product cell: SKU and name, with the customer's comment underneath when there is one."""
    text = f"{escape(line.sku)} {escape(line.name)}"
    if line.customer_comment.strip():
        text += f"<br><i>{escape(quoted(line.customer_comment))}</i>"
    if line.wanted_sku:
        text += f"<br>{escape(wanted_text(line))}"
    label = QLabel(text)
    label.setObjectName(f"product_{line.id}")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setMinimumWidth(260)
    return label


def photos_label(detail: ReturnDetail) -> QLabel | None:
    """Return a line naming the customer's photos and files for a form (None when there are none)."""
    names = photo_names(detail)
    if not names:
        return None
    label = QLabel(tr("Photos and files: {names}", names=", ".join(names)))
    label.setObjectName("customerPhotos")
    label.setWordWrap(True)
    return label
