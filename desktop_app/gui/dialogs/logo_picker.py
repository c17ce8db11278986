"""The shop's logo on the Shop settings page: a preview, Choose… and Remove (documents print it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.gui.i18n import tr
from desktop_app.gui.messages import show_error

LOGO_MAX_BYTES = 1024 * 1024


class LogoPicker(QWidget):
    """Shows the logo and lets the owner pick a PNG or JPEG file or remove it; the page saves the change."""

    def __init__(self, editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: bytes | None = None
        self.changed = False
        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(160, 60)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid palette(mid);")
        self.choose = QPushButton(tr("Choose logo…"))
        self.choose.setObjectName("chooseLogo")
        self.remove = QPushButton(tr("Remove logo"))
        self.remove.setObjectName("removeLogo")
        for button in (self.choose, self.remove):
            button.setEnabled(editable)
        self.choose.clicked.connect(self.pick)
        self.remove.clicked.connect(lambda: self.set_logo(None, changed=True))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addWidget(self.choose)
        row.addWidget(self.remove)
        row.addStretch(1)

    @classmethod
    def ask_file(cls, parent: QWidget) -> str:
        """Ask for the picture file (tests replace this)."""
        path, _filter = QFileDialog.getOpenFileName(parent, tr("Choose logo…"), "",
                                                    tr("Pictures (*.png *.jpg *.jpeg)"))
        return path

    def pick(self) -> None:
        """Read a picture file the owner chose; a file that is not a small PNG or JPEG is refused."""
        path = self.ask_file(self)
        if not path:
            return
        data = Path(path).read_bytes()
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
            show_error(self, tr("The logo must be a PNG or JPEG picture."))
            return
        if len(data) > LOGO_MAX_BYTES:
            show_error(self, tr("The logo must be smaller than 1 MB."))
            return
        self.set_logo(data, changed=True)

    def set_logo(self, data: bytes | None, changed: bool = False) -> None:
        """Show a logo (None: no logo)."""
        self.data, self.changed = data, self.changed or changed
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.preview.setPixmap(pixmap.scaled(self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(tr("No logo"))
        self.remove.setEnabled(self.choose.isEnabled() and data is not None)
