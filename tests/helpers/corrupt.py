"""Seeded damage to a SQLite file: the same seed scribbles the same bytes, so a failure can be replayed."""

from __future__ import annotations

import random
from pathlib import Path

PAGE = 4096


def scribble(path: Path, seed: int, *, first_page: int = 2, start: int = 50, stop: int = 500) -> None:
    """Overwrite bytes `start:stop` of every page from `first_page` on with seeded random bytes."""
    rng = random.Random(seed)
    data = bytearray(path.read_bytes())
    for offset in range(PAGE * first_page, len(data), PAGE):
        data[offset + start : offset + stop] = rng.randbytes(stop - start)
    path.write_bytes(bytes(data))
