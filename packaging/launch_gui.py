"""Entry point of the bundled window (PyInstaller runs this file)."""

import sys

from desktop_app.gui.app import main

sys.exit(main())
