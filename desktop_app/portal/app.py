"""Build the portal's ASGI app and serve it with uvicorn (`returndesk portal`)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from desktop_app.core.db.engine import Database
from desktop_app.core.i18n import Message
from desktop_app.core.services.settings import load_settings
from desktop_app.core.services.status_links import ensure_secret, load_secret
from desktop_app.portal import pages
from desktop_app.portal.web import HERE, SECURITY_HEADERS, Portal, render

log = logging.getLogger("returndesk.portal")


class SecurityHeaders:
    """Add the strict headers to every response (pages, files and errors alike)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and add the headers to its response."""
        async def send_with_headers(message: ASGIMessage) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode().lower() not in {h.lower() for h in SECURITY_HEADERS}]
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("portal page failed: %s", request.url.path)
    return render(request, "message.html", 500, title=Message("Something went wrong"),
                  text=Message("The page could not be shown. Nothing was sent; try again in a moment."))


async def _too_large(request: Request, exc: Exception) -> Response:
    return render(request, "message.html", 413, title=Message("The files are too large"),
                  text=Message("Send at most 3 files of at most 5 MB each."))


def create_app(db: Database) -> Starlette:
    """Return the portal app over an open shop database (it keeps no state of its own)."""
    try:
        with db.write() as session:
            secret, shop = ensure_secret(session), load_settings(session)
    except IntegrityError:  # another portal process made the secret at the same moment
        with db.read() as session:
            secret, shop = load_secret(session), load_settings(session)
    routes = [
        Route("/", pages.home),
        Route("/lookup", pages.lookup, methods=["POST"]),
        Route("/order", pages.order_page, methods=["GET", "POST"]),
        Route("/order/new", pages.new_request, methods=["POST"]),
        Route("/status/{token}", pages.status_page),
        Route("/status/{token}/{kind}.pdf", pages.document),
        Route("/lang/{lang}", pages.switch_language),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={404: pages.not_found, 405: pages.not_found, 413: _too_large,
                                        500: _server_error})
    app.state.portal = Portal(db, secret, shop.shop_name, shop.shop_country or "")
    return app
