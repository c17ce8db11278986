"""`returndesk portal [--host H] [--port P]`: serve the customers' returns portal over the shop's database."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.cli.context import CliContext
from desktop_app.core.i18n import _


def register(commands: Any) -> None:
    """Add the portal command."""
    portal = commands.add_parser("portal", help=_("serve the customers' returns portal"))
    portal.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    portal.add_argument("--port", type=int, default=8080, help=_("port to listen on"))
    portal.add_argument("--forwarded-allow-ips", default="127.0.0.1", metavar="IPS",
                        help=_("proxies whose X-Forwarded-For is trusted (comma-separated)"))
    portal.set_defaults(handler=run_portal)


def run_portal(ctx: CliContext, args: argparse.Namespace) -> int:
    """Serve the portal until stopped (Ctrl+C or the service manager)."""
    import uvicorn  # the web server and the portal load only for this command

    from desktop_app.core.services.settings import get_settings
    from desktop_app.portal.app import create_app

    app = create_app(ctx.db)
    if not get_settings(ctx.db).status_url_template:
        print(_("The shop has no status page address yet: set it with returndesk settings set "
                "shop.status_url_template {example}", example="https://YOUR-ADDRESS/status/{rma}"), file=sys.stderr)
    print(_("Returns portal on http://{host}:{port}/ (Ctrl+C stops it)", host=args.host, port=args.port),
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True,
                forwarded_allow_ips=args.forwarded_allow_ips, log_level="warning", server_header=False,
                timeout_keep_alive=75)  # longer than a proxy's idle keep-alive, so it never sends into a close
    return 0
