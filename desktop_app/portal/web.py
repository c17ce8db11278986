"""What every portal page shares: language, signed form tokens, the order cookie, headers and rendering."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from desktop_app.core.db.engine import Database
from desktop_app.core.domain.money import Money, money_text
from desktop_app.core.domain.policy import condition_label, resolution_label
from desktop_app.core.i18n import LANGUAGES, Message, translate
from desktop_app.core.services.portal.uploads import MAX_FILE_BYTES, MAX_FILES
from desktop_app.core.services.status_links import make_token, read_token

HERE = Path(__file__).parent
LANG_COOKIE, FORM_COOKIE, ORDER_COOKIE = "rd_lang", "rd_form", "rd_order"
FORM_MAX_AGE = 2 * 3600
ORDER_MAX_AGE = 3600
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()", "Cross-Origin-Opener-Policy": "same-origin",
}
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
_env.globals.update(condition_label=condition_label, resolution_label=resolution_label, max_files=MAX_FILES,
                    max_mb=MAX_FILE_BYTES // (1024 * 1024))


@dataclass(frozen=True)
class Portal:
    """The app's settings: the shop's database and the secret that signs links and forms."""

    db: Database
    secret: str
    shop_name: str = ""
    shop_country: str = ""  # amounts and times are written as the shop's country writes them


def portal_of(request: Request) -> Portal:
    """Return the running portal's database and secret."""
    portal: Portal = request.app.state.portal
    return portal


def language(request: Request) -> str:
    """Return the page language: the customer's switch (cookie), else the browser's first known one."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in LANGUAGES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en"):
            return "en"
    return "en"


def form_nonce(request: Request) -> str:
    """Return this browser's form nonce (a new one when it has none yet; set_cookies stores it)."""
    nonce = request.cookies.get(FORM_COOKIE, "")
    if len(nonce) != 32 or not nonce.isalnum():
        nonce = request.scope.setdefault("rd_new_nonce", secrets.token_hex(16))
    return nonce


def form_token(request: Request) -> str:
    """Return the signed token every form carries (tied to the browser's nonce cookie)."""
    return make_token(portal_of(request).secret, "form", (form_nonce(request),))


def form_ok(request: Request, token: str) -> bool:
    """Return whether a posted form's token is signed, fresh and belongs to this browser."""
    fields = read_token(portal_of(request).secret, "form", token, FORM_MAX_AGE)
    return fields is not None and bool(fields) and fields[0] == request.cookies.get(FORM_COOKIE)


def new_request_key() -> str:
    """Return a fresh key for the next return request of this browser (kept with the return it makes)."""
    return secrets.token_urlsafe(18)


def order_token(request: Request, order_id: int, key: str) -> str:
    """Return the signed cookie value that lets this browser see one order for an hour.

    It carries the key of the browser's next request for the order, so a second click, the back button
    and a second tab all send the same key.
    """
    return make_token(portal_of(request).secret, "order", (str(order_id), key))


def order_of(request: Request) -> tuple[int, str] | None:
    """Return the order id this browser proved it may see and its request key, or None."""
    fields = read_token(portal_of(request).secret, "order", request.cookies.get(ORDER_COOKIE, ""), ORDER_MAX_AGE)
    if not fields or len(fields) != 2 or not fields[0].isdigit() or not fields[1]:
        return None
    return int(fields[0]), fields[1]


def client_address(request: Request) -> str:
    """Return the client's address (uvicorn puts the proxy's X-Forwarded-For here when trusted)."""
    return request.client.host if request.client else "-"


def _cookie_args(request: Request) -> dict[str, Any]:
    return {"httponly": True, "samesite": "lax", "secure": request.url.scheme == "https", "path": "/"}


def set_cookies(request: Request, response: Response, **cookies: tuple[str, int]) -> Response:
    """Store the new form nonce (if any) and the given cookies (name -> (value, max_age)) strictly."""
    if "rd_new_nonce" in request.scope:
        response.set_cookie(FORM_COOKIE, request.scope["rd_new_nonce"], max_age=FORM_MAX_AGE * 4,
                            **_cookie_args(request))
    for name, (value, max_age) in cookies.items():
        response.set_cookie(name, value, max_age=max_age, **_cookie_args(request))
    return response


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """Render a page in the customer's language with the shared context and cookies."""
    lang = context.pop("lang", None) or language(request)

    def t(msgid: str, **values: Any) -> str:
        text = translate(msgid, lang)
        return text.format(**values) if values else text

    def m(message: Message | str) -> str:
        return message.render(lang) if isinstance(message, Message) else str(message)

    def money(value: Money) -> str:
        return money_text(value, portal_of(request).shop_country).render(lang)

    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    html = _env.get_template(name).render(
        _=t, m=m, money=money, lang=lang, html_lang="zh-Hans" if lang == "zh_CN" else "en",
        csrf=form_token(request), shop_name=portal_of(request).shop_name, here=quote(here, safe="/"),
        other_lang="en" if lang == "zh_CN" else "zh_CN",
        **context)
    return set_cookies(request, HTMLResponse(html, status_code=status_code))
