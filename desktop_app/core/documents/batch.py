"""Many labels and slips in one PDF, with progress and a way to cancel."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from desktop_app.core.documents.common import new_canvas, page_size, save, tr
from desktop_app.core.documents.data import LabelData, ReturnDocuments, SlipData
from desktop_app.core.documents.label import draw_label_page, face_for_return
from desktop_app.core.documents.slip import draw_slip
from desktop_app.core.i18n import N_, UserFacingError

Progress = Callable[[int, int], bool]


def build_batch(
    documents: Iterable[LabelData | SlipData | ReturnDocuments], label_size: str = "4x6", slip_size: str = "a4",
    progress: Progress | None = None,
) -> bytes | None:
    """Return one PDF of every label and slip in order; None when `progress(done, total)` says stop.

    A `ReturnDocuments` item prints its label and then its slip; `total` counts items, not pages.
    """
    items = list(documents)
    if not items:
        raise UserFacingError("There is nothing to print: choose at least one return.")
    label_size, slip_size = label_size.lower(), slip_size.lower()
    buffer = io.BytesIO()
    first = items[0].label if isinstance(items[0], ReturnDocuments) else items[0]
    canvas = new_canvas(buffer, page_size(label_size), tr(N_("Return labels and slips"), first.lang))
    total = len(items)
    if progress is not None and not progress(0, total):
        return None
    for done, item in enumerate(items, start=1):
        if isinstance(item, LabelData):
            draw_label_page(canvas, face_for_return(item), label_size)
        elif isinstance(item, SlipData):
            draw_slip(canvas, item, slip_size)
        elif isinstance(item, ReturnDocuments):
            draw_label_page(canvas, face_for_return(item.label), label_size)
            draw_slip(canvas, item.slip, slip_size)
        else:
            raise TypeError(f"cannot print {type(item).__name__}")
        if progress is not None and not progress(done, total):
            return None
    save(canvas)
    return buffer.getvalue()


def build_labels(
    labels: Iterable[LabelData], size: str = "4x6", progress: Progress | None = None
) -> bytes | None:
    """Return one PDF with a page per label; None if cancelled through `progress`."""
    return build_batch(labels, label_size=size, progress=progress)
