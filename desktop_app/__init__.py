"""ReturnDesk: customer returns for a small online shop."""

__version__ = "0.1.0"
