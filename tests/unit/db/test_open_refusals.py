"""Files that are not a ReturnDesk database are refused with a sentence, and left exactly as they were."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.core.db.backup import backup_folder
from desktop_app.core.db.schema import open_database
from desktop_app.core.db.sqlite_file import FileKind, inspect_file
from desktop_app.core.db.storage import storage_warning
from desktop_app.core.i18n import UserFacingError
from tests.helpers.corrupt import scribble


def _refused(path: Path, expected: str) -> UserFacingError:
    """Open `path`, expect a refusal containing `expected`, and check nothing on disk changed."""
    before = path.read_bytes()
    with pytest.raises(UserFacingError) as refused:
        open_database(path)
    assert expected in str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert path.read_bytes() == before
    assert not backup_folder(path).exists()
    assert not Path(str(path) + "-wal").exists()
    return refused.value


def test_a_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("order 1001: customer called about the mug\n")
    error = _refused(path, "is not a ReturnDesk database")
    assert "不是 ReturnDesk 数据库" in error.render("zh_CN")


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    _refused(path, "is empty, not a ReturnDesk database")


def test_random_bytes_are_refused(tmp_path):
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(random.Random(1).randbytes(64 * 1024))
    _refused(path, "is not a ReturnDesk database")


def test_random_bytes_behind_a_sqlite_header_are_reported_damaged(tmp_path):
    path = tmp_path / "fake.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(2).randbytes(8192))
    _refused(path, "is damaged")


def test_a_database_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO contacts (name) VALUES ('Ann')")
    connection.close()
    _refused(path, "is a database of another program")


def test_a_database_stamped_by_another_application_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA application_id = 1234")
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    connection.close()
    _refused(path, "is a database of another program")


def test_a_damaged_returndesk_file_fails_the_integrity_check(tmp_path):
    path = tmp_path / "shop.sqlite3"
    db = open_database(path)
    db.dispose()
    scribble(path, seed=3, start=100, stop=400)  # keep the header page, scribble over the rest
    assert inspect_file(path).kind is FileKind.DAMAGED
    _refused(path, "Restore it from a backup")


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(UserFacingError, match="is a folder"):
        open_database(tmp_path)


def test_a_blank_sqlite_database_becomes_a_new_shop(tmp_path):
    path = tmp_path / "blank.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE scratch (id INTEGER)")
        connection.execute("DROP TABLE scratch")
    connection.close()
    assert inspect_file(path).kind is FileKind.BLANK
    open_database(path).dispose()
    report = inspect_file(path)
    assert report.kind is FileKind.RETURNDESK and report.application_id == 0x52444B31


@pytest.mark.parametrize(
    "path",
    [
        "/home/ann/Dropbox/shop/shop.sqlite3",
        "C:/Users/Ann/OneDrive/shop.sqlite3",
        "C:/Users/Ann/OneDrive - Contoso/shop.sqlite3",
        "/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/shop.sqlite3",
        "/home/ann/Google Drive/My Drive/shop.sqlite3",
        "/home/ann/Nextcloud/shop.sqlite3",
    ],
)
def test_synced_folders_are_warned_about(path):
    warning = storage_warning(path)
    assert warning is not None and "synced folder" in str(warning)
    assert "同步文件夹" in warning.render("zh_CN")


@pytest.mark.parametrize(
    "path", ["//server/share/shop.sqlite3", "\\\\server\\share\\shop.sqlite3", "/mnt/smb/shop/shop.sqlite3"]
)
def test_network_shares_are_warned_about(path):
    warning = storage_warning(path)
    assert warning is not None and "network share" in str(warning)


def test_a_local_folder_gets_no_warning(tmp_path):
    assert storage_warning(tmp_path / "shop.sqlite3") is None


def test_opening_a_shop_in_a_synced_folder_works_and_carries_the_warning(tmp_path):
    db = open_database(tmp_path / "Dropbox" / "shop.sqlite3")
    assert len(db.warnings) == 1 and "Dropbox" in str(db.warnings[0])
    db.dispose()


def test_another_programs_alembic_database_is_not_mistaken_for_a_newer_returndesk(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.close()
    _refused(path, "is a database of another program")


def test_a_returndesk_file_that_lost_its_version_is_refused(tmp_path):
    path = tmp_path / "shop.sqlite3"
    db = open_database(path)
    with db.write() as session:
        session.execute(text("DELETE FROM alembic_version"))
    db.dispose()
    _refused(path, "has lost its schema version")
