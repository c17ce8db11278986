"""Photos and files for a new return, shown as thumbnails; they are attached once the return exists."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileIconProvider,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.dialogs.new_return.state import WizardHost
from desktop_app.gui.i18n import tr

THUMB = 48
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"}
PATH_ROLE = Qt.ItemDataRole.UserRole


def thumbnail(path: Path) -> QIcon:
    """Return a small picture of an image file, or the system's icon for any other file."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        picture = QPixmap(str(path))
        if not picture.isNull():
            return QIcon(picture.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))
    return QFileIconProvider().icon(QFileIconProvider.IconType.File)


def attachment_kind(path: Path) -> str:
    """Return the attachment kind the returns service stores for a file ("photo" or "file")."""
    return "photo" if path.suffix.lower() in IMAGE_SUFFIXES else "file"


class FileStrip(QWidget):
    """A row of thumbnails with Add and Remove buttons."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.caption = QLabel()
        self.list = QListWidget()
        self.list.setObjectName("files")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setFixedHeight(THUMB + 40)
        self.add = QPushButton()
        self.add.setObjectName("addFiles")
        self.remove = QPushButton()
        self.remove.setObjectName("removeFile")
        self.add.clicked.connect(self.add_files)
        self.remove.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.caption.setText(tr("Photos and files from the customer:"))
        self.add.setText(tr("Add &photos or files…"))
        self.remove.setText(tr("Remove"))

    def add_files(self) -> None:
        """Ask for files and show them as thumbnails."""
        for name in self.wiz.choose_files():
            self.add_path(Path(name))

    def add_path(self, path: Path) -> None:
        """Show one file (once)."""
        if str(path) in self.paths_text():
            return
        item = QListWidgetItem(thumbnail(path), path.name)
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(str(path))
        self.list.addItem(item)

    def remove_selected(self) -> None:
        """Drop the selected file from the return."""
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def paths_text(self) -> list[str]:
        """Return the chosen files' paths as text."""
        return [self.list.item(i).data(PATH_ROLE) for i in range(self.list.count())]

    def paths(self) -> list[Path]:
        """Return the chosen files."""
        return [Path(p) for p in self.paths_text()]
