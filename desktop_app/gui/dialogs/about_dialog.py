"""Help: a short user guide with every shortcut, and About with the version and the bundled licences."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop_app import __version__
from desktop_app.gui.i18n import Retranslatable, tr
from desktop_app.paths import resources_dir


class _TextDialog(Retranslatable, QDialog):
    """A closable page of rich text."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.resize(640, 520)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))


class GuideDialog(_TextDialog):
    """How a return moves through the desk, and the keys for each step."""

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        super().retranslate()
        self.setObjectName("guideDialog")
        self.setWindowTitle(tr("User guide"))
        keys = [
            ("F2", tr("Scan a parcel: the return opens with its receipt form.")),
            ("Enter", tr("Confirm the prefilled form: receive, then inspect, then resolve.")),
            ("Esc", tr("Stop at the current step; the return keeps what was saved.")),
            ("Ctrl+F", tr("Search by RMA, order, customer, e-mail, SKU or tracking number.")),
            ("F5", tr("Refresh the queue.")),
            ("Ctrl+Shift+O", tr("Show only overdue returns.")),
            ("Ctrl+Shift+Enter", tr("Approve the selected requested returns.")),
            ("Ctrl+1 / 2 / 3", tr("Returns, Policy, Reports.")),
            ("Ctrl+,", tr("Settings.")),
        ]
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in keys)
        steps = tr("A customer asks; the owner or a clerk approves and the label goes out. When the parcel "
                   "arrives, scan it, check the items, and resolve each line with the refund the policy "
                   "allows. Overdue returns are shown in red.")
        self.text.setHtml(
            f"<h2>{html.escape(tr('A return, step by step'))}</h2><p>{html.escape(steps)}</p>"
            f"<h3>{html.escape(tr('Keyboard'))}</h3><table cellpadding='4'>{rows}</table>")


class AboutDialog(_TextDialog):
    """The version, Qt's version and every licence shipped with the app."""

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        super().retranslate()
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("About ReturnDesk"))
        made_with = tr("Made with Qt {qt} (PySide6 {pyside}).", qt=qVersion(), pyside=pyside_version)
        parts = [f"<h2>ReturnDesk {html.escape(__version__)}</h2>",
                 f"<p>{html.escape(tr('Customer returns for a small online shop.'))}</p>",
                 f"<p>{html.escape(made_with)}</p>",
                 f"<h3>{html.escape(tr('Bundled licences'))}</h3>"]
        for path in sorted(resources_dir().rglob("LICENSE*")):
            body = path.read_text(encoding="utf-8", errors="replace")
            parts.append(f"<h4>{html.escape(path.relative_to(resources_dir()).as_posix())}</h4>"
                         f"<pre style='white-space: pre-wrap'>{html.escape(body[:4000])}</pre>")
        self.text.setHtml("".join(parts))
