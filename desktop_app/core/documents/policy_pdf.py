"""The return policy as a PDF, and one entry point for every export format."""

from __future__ import annotations

import io
from datetime import date

from reportlab.pdfgen.canvas import Canvas

from desktop_app.core.documents.common import draw_logo, new_canvas, page_size, save
from desktop_app.core.documents.policy_text import PolicyDocument, policy_document, to_html, to_markdown
from desktop_app.core.documents.textfit import draw_fitted, draw_text, fit
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.i18n import UserFacingError

MARGIN = 56.0
FORMATS = ("pdf", "html", "md")


class _Flow:
    """Places blocks of text down the page and starts a new page when one is full."""

    def __init__(self, canvas: Canvas, size: tuple[float, float]) -> None:
        self.c, (self.width, self.height) = canvas, size
        self.y = self.height - MARGIN

    def block(
        self, text: str, size: float, bold: bool = False, indent: float = 0.0, space: float = 4.0,
        marker: str = "",
    ) -> None:
        """Draw a paragraph (with a hanging `marker` such as a bullet), on a new page when one is full."""
        if self.y - MARGIN < size * 1.2 * (3 if bold else 1):
            self._new_page()
        if marker:
            draw_text(self.c, marker, MARGIN + indent, self.y, 16, size * 1.3, size, max_lines=1)
            indent += 16
        width = self.width - 2 * MARGIN - indent
        fitted = fit(text, width, 10_000, size, size, bold)
        lines = list(fitted.lines)
        while lines:
            room = int((self.y - MARGIN) // (size * 1.2))
            if room < 1:
                self._new_page()
                continue
            chunk, lines = lines[:room], lines[room:]
            part = type(fitted)(tuple(chunk), size, bold)
            self.y = draw_fitted(self.c, part, MARGIN + indent, self.y)
        self.y -= space

    def _new_page(self) -> None:
        self.c.showPage()
        self.y = self.height - MARGIN


def build_policy_pdf(doc: PolicyDocument, size: str = "a4", logo: bytes | None = None) -> bytes:
    """Return the policy document as PDF bytes on 'a4' or 'letter' paper, with the shop's logo if given."""
    buffer = io.BytesIO()
    dims = page_size(size)
    canvas = new_canvas(buffer, dims, doc.title)
    flow = _Flow(canvas, dims)
    if draw_logo(canvas, logo, MARGIN, flow.y, 140, 48):
        flow.y -= 58
    flow.block(doc.title, 20, bold=True, space=8)
    flow.block(doc.intro, 11, space=10)
    for section in doc.sections:
        flow.block(section.heading, 14, bold=True, space=4)
        for paragraph in section.paragraphs:
            flow.block(paragraph, 11, space=6)
        for number, bullet in enumerate(section.bullets, start=1):
            flow.block(bullet, 11, indent=6, space=3, marker=f"{number}." if section.numbered else "•")
        flow.y -= 8
    if doc.footer:
        flow.block(doc.footer, 9, space=0)
    canvas.showPage()
    save(canvas)
    return buffer.getvalue()


def render_policy(
    rules: PolicyRules, fmt: str, lang: str = "en", shop_name: str = "", contact: str = "",
    effective: date | None = None, version: int | None = None, size: str = "a4", logo: bytes | None = None,
) -> bytes:
    """Return the customer-facing policy as 'pdf', 'html' or 'md' bytes (UTF-8 for text formats)."""
    fmt = fmt.lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise UserFacingError("The policy can be exported as PDF, HTML or Markdown (.pdf, .html, .md).")
    doc = policy_document(rules, lang, shop_name, contact, effective, version)
    if fmt == "pdf":
        return build_policy_pdf(doc, size, logo)
    return (to_html(doc) if fmt == "html" else to_markdown(doc)).encode("utf-8")
