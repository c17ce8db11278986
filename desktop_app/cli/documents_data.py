"""Moved to the core: `desktop_app.core.services.documents` fills the documents (kept for old imports)."""

from desktop_app.core.services.documents import return_documents

__all__ = ["return_documents"]
