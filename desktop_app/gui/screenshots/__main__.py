"""`python -m desktop_app.gui.screenshots FOLDER`: PNGs of every tab and dialog in English and Chinese."""

from desktop_app.gui.screenshots.scenes import main

raise SystemExit(main())
