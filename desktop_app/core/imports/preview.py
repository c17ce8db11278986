"""The first rows of an export file exactly as a profile reads them (delimiter, encoding, header row)."""

from __future__ import annotations

import csv
from itertools import islice
from pathlib import Path

from desktop_app.core.i18n import Message
from desktop_app.core.imports.profile import Profile, load_profile
from desktop_app.core.imports.reader import FileRefused, choose_layout, encoding_name, iter_rows


def read_sample(path: str | Path, encoding: str, delimiter: str) -> tuple[list[str], list[str]]:
    """Return the header row and the first data row read with one encoding and delimiter (mapping editor)."""
    file = Path(path)
    if not file.is_file():
        raise FileRefused(Message("The file {path} does not exist.", {"path": str(file)}))
    found: list[list[str]] = []
    try:
        with open(file, encoding=encoding, newline="") as handle:
            for row in csv.reader(handle, delimiter=delimiter):
                if any(cell.strip() for cell in row):
                    found.append(row)
                if len(found) == 2:
                    break
    except OSError as exc:
        raise FileRefused(Message("The file {path} cannot be read: {reason}",
                                  {"path": str(file), "reason": exc.strerror or str(exc)})) from exc
    except UnicodeDecodeError as exc:
        raise FileRefused(Message("The file is not written in the encoding {encoding} that the profile "
                                  "names.", {"encoding": encoding_name(encoding)})) from exc
    except csv.Error as exc:
        raise FileRefused(Message("Line {line} cannot be read as CSV: {problem}",
                                  {"line": len(found) + 1, "problem": str(exc)})) from exc
    header = [cell.replace("\ufeff", "").strip() for cell in (found[0] if found else [])]
    return header, (found[1] if len(found) > 1 else [])


def preview_rows(path: str | Path, profile: Profile | str | Path,
                 limit: int = 20) -> tuple[list[str], list[list[str]]]:
    """Return (headers, up to `limit` data rows) as the profile reads the file; FileRefused says why not."""
    chosen = profile if isinstance(profile, Profile) else load_profile(profile)
    file = Path(path)
    try:
        layout = choose_layout(file, chosen, strict=False)
        headers = [cell.replace("\ufeff", "").strip() for cell in layout.header]
        rows = [list(row) for _line, row in islice(iter_rows(file, layout), max(0, limit))]
    except OSError as exc:
        raise FileRefused(Message("The file {path} cannot be read: {reason}",
                                  {"path": str(file), "reason": exc.strerror or str(exc)})) from exc
    width = max([len(headers), *(len(row) for row in rows)])
    headers += [""] * (width - len(headers))
    return headers, [row + [""] * (width - len(row)) for row in rows]
