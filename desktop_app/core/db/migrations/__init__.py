"""Alembic migrations of the shop database; run them through `desktop_app.core.db.schema`."""
