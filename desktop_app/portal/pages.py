"""The portal's pages: find the order, choose what to send back, follow the return, download its papers.

Every call into the core (database, PDFs, pictures) runs on the thread pool, never on the event loop.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from desktop_app.core.i18n import LANGUAGES, Message, UserFacingError
from desktop_app.core.i18n.formats import format_moment
from desktop_app.core.services.documents import instructions_pdf, label_pdf
from desktop_app.core.services.portal import (
    MAX_FILE_BYTES,
    MAX_FILES,
    Choice,
    OrderNotFound,
    PortalOrder,
    TooManyLookups,
    check_uploads,
    customer_order,
    customer_status,
    find_order_for_customer,
    judge_choices,
    sent_with_key,
    submit_request,
)
from desktop_app.core.services.status_links import rma_of_status_token, status_token
from desktop_app.portal.web import (
    LANG_COOKIE,
    ORDER_COOKIE,
    ORDER_MAX_AGE,
    client_address,
    form_ok,
    language,
    new_request_key,
    order_of,
    order_token,
    portal_of,
    render,
    set_cookies,
)

EXPIRED = Message("This form has expired or was sent from another page. Reload the page and try again.")
TEXT_MAX = 1000


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def home(request: Request) -> Response:
    """The look-up form."""
    return render(request, "lookup.html", number="", contact="")


async def lookup(request: Request) -> Response:
    """Check the order number and e-mail or postcode; on success remember the order for an hour."""
    form = await request.form()
    number, contact = str(form.get("number", ""))[:64], str(form.get("contact", ""))[:256]
    if not form_ok(request, str(form.get("csrf", ""))):
        return render(request, "lookup.html", 403, error=EXPIRED, number=number, contact=contact)
    try:
        access = await run_in_threadpool(find_order_for_customer, portal_of(request).db, number, contact,
                                         client_address(request))
    except TooManyLookups as error:
        return render(request, "lookup.html", 429, error=error.message, number=number, contact=contact)
    except OrderNotFound as error:
        return render(request, "lookup.html", 404, error=error.message, number=number, contact=contact)
    return _order_with_key(request, access.order_id, new_request_key())


def _order_with_key(request: Request, order_id: int, key: str) -> Response:
    cookie = order_token(request, order_id, key)
    return set_cookies(request, _see_other("/order"), **{ORDER_COOKIE: (cookie, ORDER_MAX_AGE)})


def _status_of(request: Request, rma: str) -> Response:
    return _see_other(f"/status/{status_token(portal_of(request).secret, rma)}")


async def new_request(request: Request) -> Response:
    """Start another request for the same order (a new key), after one was sent."""
    access = order_of(request)
    form = await request.form()
    if access is None or not form_ok(request, str(form.get("csrf", ""))):
        return _see_other("/")
    return _order_with_key(request, access[0], new_request_key())


def _choices(form: FormData, order: PortalOrder) -> tuple[list[Choice], dict[int, str]]:
    """Read the chosen lines from the form; anything not offered is refused with one sentence."""
    choices, exchange = [], {}
    for line in order.lines:
        if form.get(f"pick_{line.id}") != "1":
            continue
        try:
            qty = int(str(form.get(f"qty_{line.id}", "1")))
        except ValueError:
            qty = 0
        if not 1 <= qty <= max(1, line.returnable):
            raise UserFacingError(Message("Choose how many of {name} to send back (1 to {most}).",
                                          {"name": line.name, "most": max(1, line.returnable)}))
        comment = str(form.get(f"comment_{line.id}", ""))[:TEXT_MAX]
        choices.append(Choice(line.id, qty, str(form.get(f"reason_{line.id}", ""))[:64],
                              str(form.get(f"condition_{line.id}", ""))[:24] or None, comment))
        exchange[line.id] = str(form.get(f"exchange_{line.id}", ""))[:128]
    return choices, exchange


async def _uploads(form: FormData) -> list[tuple[str, bytes]]:
    files = []
    for item in form.getlist("photos"):
        if isinstance(item, UploadFile) and (item.filename or item.size):
            if (item.size or 0) > MAX_FILE_BYTES:
                files.append((item.filename or "", b"x" * (MAX_FILE_BYTES + 1)))
                continue
            files.append((item.filename or "", await item.read(MAX_FILE_BYTES + 1)))
    return files


async def order_page(request: Request) -> Response:
    """The order's lines with the choices; a posted form is judged (Check) or sent (Send request)."""
    access = order_of(request)
    if access is None:
        return _see_other("/")
    (order_id, key), db = access, portal_of(request).db
    try:
        order = await run_in_threadpool(customer_order, db, order_id)
    except UserFacingError:  # e.g. the shop has no published policy yet
        return render(request, "message.html", 503, title=Message("Returns cannot be started right now"),
                      text=Message("The shop is not taking return requests online at the moment. Please write to "
                                   "the shop."))
    sent = await run_in_threadpool(sent_with_key, db, order_id, key)
    if request.method == "GET":
        sent_link = f"/status/{status_token(portal_of(request).secret, sent)}" if sent else None
        return render(request, "order.html", order=order, form={}, verdicts={}, key=key, sent_link=sent_link)
    async with request.form(max_files=MAX_FILES + 1, max_fields=400, max_part_size=MAX_FILE_BYTES + 1024) as form:
        values = {k: str(v) for k, v in form.multi_items() if isinstance(v, str)}
        if not form_ok(request, str(form.get("csrf", ""))) or form.get("request_key") != key:
            return render(request, "order.html", 403, order=order, form=values, verdicts={}, error=EXPIRED, key=key)
        if sent is not None:  # the same request again (second click, back button, second tab)
            return _status_of(request, sent)
        resolution = str(form.get("resolution", "")) or None
        try:
            choices, exchange = _choices(form, order)
            judged = await run_in_threadpool(judge_choices, db, order_id, choices, resolution)
            verdicts = {v.order_line_id: v for v in judged}
            if form.get("action") != "send":
                return render(request, "order.html", order=order, form=values, verdicts=verdicts, key=key)
            uploads = await run_in_threadpool(check_uploads, await _uploads(form))
            rma = await run_in_threadpool(submit_request, db, order_id, choices, resolution, exchange, uploads,
                                          language(request), key)
        except UserFacingError as error:
            return render(request, "order.html", 422, order=order, form=values, verdicts={}, error=error.message,
                          key=key)
    return _status_of(request, rma)


def _rma(request: Request) -> str | None:
    return rma_of_status_token(portal_of(request).secret, request.path_params["token"])


async def status_page(request: Request) -> Response:
    """A return's status and timeline for whoever holds its signed link."""
    rma = _rma(request)
    if rma is None:
        return not_found(request)
    try:
        status = await run_in_threadpool(customer_status, portal_of(request).db, rma)
    except UserFacingError:
        return not_found(request)
    zone, lang, country = ZoneInfo(status.shop_timezone or "UTC"), language(request), portal_of(request).shop_country
    return render(request, "status.html", status=status, token=request.path_params["token"], lang=lang,
                  when=lambda at: format_moment(at.astimezone(zone), lang, country))


async def document(request: Request) -> Response:
    """The label or the instructions PDF of an approved return, in the page's language."""
    rma = _rma(request)
    kind = request.path_params["kind"]
    db = portal_of(request).db
    if rma is None or kind not in ("label", "instructions"):
        return not_found(request)
    try:
        if not (await run_in_threadpool(customer_status, db, rma)).label_ready:
            return not_found(request)
        if kind == "label":
            pdf = await run_in_threadpool(label_pdf, db, rma, size="a4", lang=language(request))
        else:
            pdf = await run_in_threadpool(instructions_pdf, db, rma, lang=language(request))
    except UserFacingError:
        return not_found(request)
    headers = {"Content-Disposition": f'attachment; filename="{rma}-{kind}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


async def switch_language(request: Request) -> Response:
    """Switch the portal's language and go back to the page (only to a page of this portal)."""
    lang = request.path_params["lang"]
    back = request.query_params.get("next", "/")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:
        back = "/"
    response: Response = _see_other(back)
    if lang in LANGUAGES:
        response = set_cookies(request, response, **{LANG_COOKIE: (lang, 365 * 24 * 3600)})
    return response


def not_found(request: Request, exc: Exception | None = None) -> Response:
    """The one page for anything that does not exist or that the link does not open."""
    return render(request, "message.html", 404, title=Message("Page not found"),
                  text=Message("This link does not open a return. Use the link from your e-mail or the QR code "
                               "on your label, or look up your order again."))
