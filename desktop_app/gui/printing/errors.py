"""Why printing did not happen, in a sentence for the person at the desk."""

from __future__ import annotations


class PrintFailed(Exception):
    """Printing did not happen; the message is a sentence for the person at the desk."""
