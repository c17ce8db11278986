"""Photos and PDFs a customer sends: limited in size and number, checked by content, pictures re-encoded."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from desktop_app.core.i18n import Message
from desktop_app.core.services.base import InvalidInput

MAX_FILES = 3
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
_KEEP_FORMATS = {"PNG": ("png", "image/png")}


@dataclass(frozen=True)
class Upload:
    """A checked file: a safe name, its content type and its (re-encoded) bytes."""

    filename: str
    mime_type: str
    content: bytes


def _picture(name: str, content: bytes) -> Upload | None:
    """Return the picture re-encoded without anything but pixels, or None when it is no picture."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise InvalidInput(Message("The picture {name} is too large.", {"name": name}))
                image.load()
                ext, mime = _KEEP_FORMATS.get(image.format or "", ("jpg", "image/jpeg"))
                clean = image.convert("RGBA" if ext == "png" else "RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None
    out = io.BytesIO()
    clean.save(out, format="PNG" if ext == "png" else "JPEG", quality=85)
    stem = name.rsplit(".", 1)[0] or "photo"
    return Upload(f"{stem}.{ext}", mime, out.getvalue())


def _pdf(name: str, content: bytes) -> Upload | None:
    """Return the PDF when it starts like one and a PDF reader can open it, else None."""
    if not content.startswith(b"%PDF-"):
        return None
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(content)
        pages = len(document)
        document.close()
    except pypdfium2.PdfiumError:
        return None
    stem = name.rsplit(".", 1)[0] or "document"
    return Upload(f"{stem}.pdf", "application/pdf", content) if pages > 0 else None


def check_upload(filename: str, content: bytes) -> Upload:
    """Return a customer's file ready to attach, or refuse it with one sentence."""
    name = "".join(ch for ch in (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
                   if ch.isalnum() or ch in "._- ")[:80].strip() or "photo"
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(Message("The file {name} is larger than {limit} MB.",
                                   {"name": name, "limit": MAX_FILE_BYTES // (1024 * 1024)}))
    if not content:
        raise InvalidInput(Message("The file {name} is empty.", {"name": name}))
    upload = _pdf(name, content) or _picture(name, content)
    if upload is None:
        raise InvalidInput(Message("The file {name} is not a photo (JPEG, PNG, ...) or a PDF.", {"name": name}))
    return upload


def check_uploads(files: list[tuple[str, bytes]]) -> list[Upload]:
    """Return every file checked, refusing more than the limit."""
    files = [(name, content) for name, content in files if name or content]
    if len(files) > MAX_FILES:
        raise InvalidInput(Message("Send at most {count} files.", {"count": MAX_FILES}))
    return [check_upload(name, content) for name, content in files]
