"""What may go on a return's record besides its steps: where a note comes from, what a file is, how big."""

from __future__ import annotations

NOTE_CHANNELS = ("phone", "chat", "email", "note")
ATTACHMENT_KINDS = ("photo", "file", "carrier_label")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
