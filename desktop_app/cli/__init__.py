"""The `returndesk` command: every use case of the shop from a terminal or a script."""

from desktop_app.cli.app import main

__all__ = ["main"]
