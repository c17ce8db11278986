"""`python -m desktop_app` runs the `returndesk` command."""

from desktop_app.cli.app import main

raise SystemExit(main())
