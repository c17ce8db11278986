"""Write the customer-facing return policy to a file; the format follows the file's suffix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.core.documents.policy_pdf import render_policy
from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.files.output import write_bytes_atomic
from desktop_app.core.i18n import UserFacingError

SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def export_policy(
    rules: PolicyRules, out: Path | str, lang: str = "en", version: int | None = None, shop_name: str = "",
    contact: str = "", effective: date | None = None, size: str = "a4", logo: bytes | None = None,
) -> Path:
    """Write the policy as PDF, HTML or Markdown (chosen by `out`'s suffix) and return the path."""
    path = Path(out)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UserFacingError("The policy can be exported as PDF, HTML or Markdown (.pdf, .html, .md).")
    data = render_policy(rules, fmt, lang, shop_name, contact, effective, version, size, logo)
    return write_bytes_atomic(path, data)
