"""ReturnDesk package."""
