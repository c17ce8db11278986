"""Spot a SQLite file on a network share or in a synced folder, where SQLite's locking is not safe."""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath

from desktop_app.core.i18n import Message

SYNCED_FOLDER_NAMES = (
    "dropbox",
    "onedrive",
    "icloud drive",
    "iclouddrive",
    "mobile documents",  # macOS keeps iCloud Drive in ~/Library/Mobile Documents
    "google drive",
    "googledrive",
    "my drive",
    "box sync",
    "nextcloud",
    "owncloud",
    "seafile",
    "pcloud drive",
    "坚果云",
    "百度网盘",
)
NETWORK_PREFIXES = ("//", "\\\\", "/mnt/smb", "/mnt/nfs", "/mnt/cifs", "/net/", "/media/smb")
NETWORK_FILESYSTEMS = {
    "cifs",
    "smb",
    "smbfs",
    "smb3",
    "nfs",
    "nfs4",
    "afs",
    "9p",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.gvfsd-fuse",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
}


def _mount_type(path: Path) -> str | None:
    """Return the filesystem type of the mount holding `path` on Linux, or None when unknown."""
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    text = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = text == mount_point or text.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def _is_windows_network_drive(path: Path) -> bool:
    """Return True when `path` sits on a mapped network drive on Windows."""
    if sys.platform != "win32" or not path.drive:
        return False
    import ctypes

    drive_remote = 4
    return ctypes.windll.kernel32.GetDriveTypeW(path.drive + "\\") == drive_remote  # type: ignore[attr-defined,unused-ignore]


def storage_warning(path: str | os.PathLike[str]) -> Message | None:
    """Return a warning when a database file lies on a network share or in a synced folder."""
    raw = os.fspath(path)
    pure = PurePath(raw)
    lowered = [part.lower() for part in pure.parts]
    for part in lowered:
        for name in SYNCED_FOLDER_NAMES:
            if part == name or part.startswith(name + " ") or part.startswith(name + "-"):
                return Message(
                    "The database {path} is in a synced folder ({folder}). Syncing can damage an open "
                    "database: keep it in a local folder and let ReturnDesk's backups go to the synced one.",
                    {"path": raw, "folder": pure.parts[lowered.index(part)]},
                )
    normalised = raw.replace("\\", "/")
    if raw.startswith(NETWORK_PREFIXES[:2]) or normalised.startswith(NETWORK_PREFIXES[2:]):
        return _network(raw)
    resolved = Path(raw).expanduser().resolve()
    fs_type = _mount_type(resolved.parent if not resolved.exists() else resolved)
    if (fs_type and fs_type.lower() in NETWORK_FILESYSTEMS) or _is_windows_network_drive(resolved):
        return _network(raw)
    return None


def _network(raw: str) -> Message:
    """Return the sentence for a database on a network share."""
    return Message(
        "The database {path} is on a network share. SQLite is not safe there when several computers "
        "open it: keep the file on this computer, or move the shop to a PostgreSQL server.",
        {"path": raw},
    )
