"""Entry point of the bundled `returndesk` command (PyInstaller runs this file)."""

import sys

from desktop_app.cli.app import main

sys.exit(main())
