"""Helpers shared by tests (import as `tests.helpers...`)."""
