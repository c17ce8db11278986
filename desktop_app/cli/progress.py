"""Progress on the terminal for long work (demo shop, imports): one line redrawn on stderr."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress(label: str) -> Callable[[int, int], bool]:
    """Return a progress callback that redraws `label done/total` on a terminal and stays quiet otherwise."""
    shown = sys.stderr.isatty()
    last = [-1]

    def report(done: int, total: int) -> bool:
        if shown and total:
            percent = done * 100 // total
            if percent != last[0]:
                last[0] = percent
                end = "\n" if done >= total else ""
                print(f"\r{label} {percent}%", end=end, file=sys.stderr, flush=True)
        return True

    return report
