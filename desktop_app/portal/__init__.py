"""The customers' returns portal: an ASGI app over the shop's database and the core services."""
