"""The `returndesk` command: every use case of the shop from a terminal or a script (entry point: cli.app.main)."""
