"""`python -m desktop_app` runs the `returndesk` command."""

from desktop_app.cli import main

raise SystemExit(main())
