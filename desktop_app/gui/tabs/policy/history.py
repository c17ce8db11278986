"""The policy's version history: every draft and published version, and what changed from the one before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from desktop_app.core.i18n import Message
from desktop_app.core.services.policies import PolicyVersionInfo, diff_versions
from desktop_app.gui.backend import Desk
from desktop_app.gui.formatting import local_date, text_of
from desktop_app.gui.i18n import error_text, tr

VERSION_ROLE = Qt.ItemDataRole.UserRole


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PolicyHistory(QWidget):
    """A list of versions; choosing one shows, sentence by sentence, what changed from the previous one."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.versions: list[PolicyVersionInfo] = []
        self.list = QListWidget()
        self.list.setObjectName("versionList")
        self.changes = QTextBrowser()
        self.changes.setObjectName("versionChanges")
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.changes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)
        self.list.currentItemChanged.connect(lambda item, _old: self._chosen(item))

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.caption.setText(tr("Published versions never change; each return keeps the version it was judged "
                                "under. Choose a version to see what changed."))
        self.show_versions(self.versions)

    def title(self, info: PolicyVersionInfo) -> str:
        """Return one version's line in the list."""
        if info.is_draft:
            return tr("Draft (saved {date} by {name})", date=local_date(info.updated_at or info.created_at),
                      name=info.created_by)
        state = tr("current") if info.status == "published" else tr("retired")
        return tr("Version {number} · {state} · published {date} by {name}", number=info.number, state=state,
                  date=local_date(info.published_at), name=info.published_by)

    def show_versions(self, versions: list[PolicyVersionInfo]) -> None:
        """List the versions, newest first, keeping the chosen one."""
        keep = self.list.currentItem().data(VERSION_ROLE) if self.list.currentItem() else None
        self.versions = list(versions)
        self.list.blockSignals(True)
        self.list.clear()
        for info in self.versions:
            item = QListWidgetItem(self.title(info))
            item.setData(VERSION_ROLE, info.id)
            self.list.addItem(item)
            if info.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is not None:
            self._chosen(self.list.currentItem())

    def previous_of(self, info: PolicyVersionInfo) -> PolicyVersionInfo | None:
        """Return the version a version is compared with: the published one before it (drafts: the current)."""
        numbered = [(v.number, v) for v in self.versions if v.number is not None]
        if info.number is None:
            return next((v for _n, v in numbered if v.status == "published"), None)
        older = [(n, v) for n, v in numbered if n < info.number]
        return max(older, key=lambda pair: pair[0])[1] if older else None

    def choose(self, version_id: int) -> None:
        """Choose a version by id."""
        for row in range(self.list.count()):
            if self.list.item(row).data(VERSION_ROLE) == version_id:
                self.list.setCurrentRow(row)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        info = next(v for v in self.versions if v.id == item.data(VERSION_ROLE))
        before = self.previous_of(info)
        if before is None:
            self.changes.setPlainText(tr("The first version: nothing to compare with."))
            return
        db = self.desk.db
        self.desk.runner.run(lambda _p: diff_versions(db, before.id, info.id),
                             lambda changes: self._show_changes(before, changes),
                             lambda error: self.changes.setPlainText(error_text(error)))

    def _show_changes(self, before: PolicyVersionInfo, changes: list[Message]) -> None:
        head = tr("Changes from version {number}:", number=before.number)
        if not changes:
            nothing = tr("No rule changed.")
            self.changes.setHtml(f"<p><b>{_escape(head)}</b></p><p>{_escape(nothing)}</p>")
            return
        items = "".join(f"<li>{_escape(text_of(m))}</li>" for m in changes)
        self.changes.setHtml(f"<p><b>{_escape(head)}</b></p><ul>{items}</ul>")
