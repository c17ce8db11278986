"""The Policy tab's saving, publishing and discarding of drafts, each one service call in the background."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.core.domain.policy import PolicyRules
from desktop_app.core.services.policies import (
    PolicyVersionInfo,
    delete_draft,
    list_versions,
    publish,
    save_draft,
)
from desktop_app.gui.backend import Desk
from desktop_app.gui.i18n import error_text, tr
from desktop_app.gui.tabs.policy.history import PolicyHistory
from desktop_app.gui.workers import Progress


class PolicyPublishing(QWidget):
    """Base of PolicyTab: save the draft, publish it as the next version, or throw it away."""

    desk: Desk
    owner: bool
    rules: PolicyRules | None
    draft: PolicyVersionInfo | None
    published: PolicyVersionInfo | None
    versions: list[PolicyVersionInfo]
    cell_problems: list[str]
    history: PolicyHistory

    def refresh(self) -> None:
        """Reload the published policy, the draft and the versions (PolicyTab)."""
        raise NotImplementedError

    def dirty(self) -> bool:
        """Return True when the editor has unsaved changes (PolicyTab)."""
        raise NotImplementedError

    def say(self, text: str) -> None:
        """Show a sentence under the editor (PolicyTab)."""
        raise NotImplementedError

    def _update(self) -> None:
        """Enable the buttons that fit the state (PolicyTab)."""
        raise NotImplementedError

    def save_draft(self, then: Callable[[], object] | None = None) -> None:
        """Save the editor's rules as the draft (a new one, or over the draft being edited); then call `then`."""
        if self.rules is None or self.cell_problems:
            if self.cell_problems:
                self.say(self.cell_problems[0])
            return
        ctx, rules, draft = self.desk.ctx, self.rules, self.draft
        self.desk.runner.run(
            lambda _p: save_draft(ctx, rules, expected_version=draft.version if draft else None,
                                  draft_id=draft.id if draft else None),
            lambda info: self._saved(info, then), self._refused)

    def _saved(self, info: PolicyVersionInfo, then: Callable[[], object] | None = None) -> None:
        self.draft = info
        self.say(tr("Draft saved."))
        self._reload_history()
        self._update()
        if then is not None:
            then()

    def confirm(self, text: str) -> bool:
        """Ask before publishing or discarding (tests replace this)."""
        answer = QMessageBox.question(self, tr("Return policy"), text)
        return answer == QMessageBox.StandardButton.Yes

    def publish(self) -> None:
        """Save the draft and publish it as the next version (the owner only; the service checks too)."""
        if self.rules is None:
            return
        number = (self.published.number or 0) + 1 if self.published else 1
        text = tr("Publish these rules as version {number}? New returns will be judged by them; published "
                  "versions never change.", number=number)
        if self.owner and not self.confirm(text):
            return
        ctx, rules, draft, dirty = self.desk.ctx, self.rules, self.draft, self.dirty()

        def task(_p: Progress) -> PolicyVersionInfo:
            current = draft
            if current is None or dirty:
                current = save_draft(ctx, rules, expected_version=current.version if current else None,
                                     draft_id=current.id if current else None)
            return publish(ctx, current.id, expected_version=current.version)

        self.desk.runner.run(task, self._published, self._refused)

    def _published(self, info: PolicyVersionInfo) -> None:
        self.refresh()
        self.say(tr("Version {number} is published. New returns are judged by it.",
                                number=info.number))
        self.history.choose(info.id)

    def _refused(self, error: BaseException) -> None:
        self.say(error_text(error))

    def _reload_history(self) -> None:
        db = self.desk.db
        self.desk.runner.run(lambda _p: list_versions(db), self._versions, self._refused)

    def _versions(self, versions: list[PolicyVersionInfo]) -> None:
        self.versions = versions
        self.history.show_versions(versions)

    def discard_draft(self) -> None:
        """Throw away the draft and unsaved changes, back to the published version (after asking)."""
        if not self.owner or not self.confirm(tr("Throw away the draft and every unsaved change?")):
            return
        ctx, draft = self.desk.ctx, self.draft

        def task(_p: Progress) -> None:
            if draft is not None:
                delete_draft(ctx, draft.id, expected_version=draft.version)

        def done(_result: None) -> None:
            self.draft, self.rules = None, None
            self.say(tr("Draft discarded."))
            self.refresh()

        self.desk.runner.run(task, done, self._refused)
