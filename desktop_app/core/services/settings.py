"""The shop's settings in the database: typed, with defaults, checked before anything is saved."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order, Setting, utcnow
from desktop_app.core.domain.money import Money
from desktop_app.core.domain.tax import default_rate_ppm, prices_include_tax_by_default, rate_percent
from desktop_app.core.i18n import N_, Message
from desktop_app.core.services.admin_common import refuse_changed, writing
from desktop_app.core.services.base import InvalidInput, ServiceContext, require_owner
from desktop_app.core.services.settings_specs import SMTP_DEFAULT_PORTS, SPECS
from desktop_app.core.services.status_links import ensure_secret, load_secret, status_token


@dataclass(frozen=True)
class ShopSettings:
    """Every shop setting with its current value (defaults filled in)."""

    shop_name: str
    shop_address: tuple[str, ...]
    shop_email: str
    shop_phone: str
    shop_country: str
    shop_currency: str
    shop_timezone: str
    shop_language: str
    shop_logo: bytes | None
    status_url_template: str
    clerk_refund_limit_minor: int | None
    backup_keep: int
    smtp_host: str
    smtp_port: int
    smtp_security: str
    smtp_username: str
    smtp_sender: str
    sla_days: int
    sla_approval_days: int
    status_secret: str = field(default="", repr=False)  # signs status links; never shown
    tax_rate_setting_ppm: int | None = None  # tax.default_rate as set (None: the country's standard rate)
    prices_include_setting: bool | None = None  # tax.prices_include_tax as set (None: the country's custom)

    @property
    def default_tax_rate_ppm(self) -> int | None:
        """Return the tax rate inside prices of imported orders that name no tax (None: none known)."""
        if self.tax_rate_setting_ppm is not None:
            return self.tax_rate_setting_ppm
        return default_rate_ppm(self.shop_country) if self.prices_include_tax else None

    @property
    def prices_include_tax(self) -> bool:
        """Return whether the shop's prices include tax (EU style) or tax is added on top (US style)."""
        if self.prices_include_setting is not None:
            return self.prices_include_setting
        return prices_include_tax_by_default(self.shop_country)

    @property
    def zone(self) -> ZoneInfo:
        """Return the shop's time zone."""
        return ZoneInfo(self.shop_timezone)

    @property
    def clerk_refund_limit(self) -> Money | None:
        """Return the default refund limit of clerks in the shop's currency (None: no limit)."""
        if self.clerk_refund_limit_minor is None:
            return None
        return Money.from_minor(self.clerk_refund_limit_minor, self.shop_currency)

    def status_url(self, rma: str) -> str:
        """Return the customer's status page for a return (signed, see status_links), or "" when there is none."""
        if not self.status_url_template:
            return ""
        return self.status_url_template.replace("{rma}", status_token(self.status_secret, rma))


def setting_keys() -> list[str]:
    """Return every setting key the shop has, in display order."""
    return list(SPECS)


def setting_meaning(key: str) -> Message:
    """Return what a setting means, in the owner's words."""
    return Message(SPECS[key].meaning)


def _stored(session: Session) -> dict[str, Any]:
    values = {key: spec.default for key, spec in SPECS.items()}
    for row in session.scalars(select(Setting).where(Setting.key.in_(list(SPECS)))):
        values[row.key] = row.value
    return values


def _typed(values: Mapping[str, Any], secret: str = "") -> ShopSettings:
    logo = values["shop.logo"]
    return ShopSettings(
        shop_name=values["shop.name"], shop_address=tuple(values["shop.address"] or ()),
        shop_email=values["shop.email"], shop_phone=values["shop.phone"],
        shop_country=values["shop.country"], shop_currency=values["shop.currency"],
        shop_timezone=values["shop.timezone"], shop_language=values["shop.language"],
        shop_logo=base64.b64decode(logo) if logo else None,
        status_url_template=values["shop.status_url_template"],
        clerk_refund_limit_minor=values["clerk.refund_limit"], backup_keep=int(values["backup.keep"]),
        smtp_host=values["smtp.host"],
        smtp_port=int(values["smtp.port"] or SMTP_DEFAULT_PORTS.get(values["smtp.security"], 587)),
        smtp_security=values["smtp.security"], smtp_username=values["smtp.username"],
        smtp_sender=values["smtp.sender"], sla_days=int(values["sla.days"]),
        sla_approval_days=int(values["sla.approval_days"]), status_secret=secret,
        tax_rate_setting_ppm=values["tax.default_rate"], prices_include_setting=values["tax.prices_include_tax"],
    )


def load_settings(session: Session) -> ShopSettings:
    """Return the shop's settings inside an open session (for other services' transactions)."""
    return _typed(_stored(session), load_secret(session))


def get_settings(db: Database) -> ShopSettings:
    """Return the shop's settings with defaults filled in."""
    with db.read() as session:
        return load_settings(session)


def _unknown_key(key: str) -> InvalidInput:
    return InvalidInput(Message("There is no setting called {key}. The settings are: {keys}.",
                                {"key": key, "keys": ", ".join(SPECS)}))


def _refuse_currency_change(session: Session, current: str, wanted: str | None) -> None:
    """Refuse a new shop currency once orders exist: every figure of the history is in the old one."""
    if wanted is None or wanted == current or session.scalar(select(Order.id).limit(1)) is None:
        return
    raise InvalidInput(Message(
        "shop.currency: the shop already has orders in {current}, and every figure of its history would be "
        "read in {wanted}. The currency cannot change once there are orders; nothing was changed.",
        {"current": current, "wanted": wanted}))


def set_settings(ctx: ServiceContext, values: Mapping[str, str | bytes],
                 expected: Mapping[str, Any] | None = None) -> ShopSettings:
    """Check and save several settings at once; any bad value saves nothing (owner only).

    `expected` holds what the caller last saw (`settings_as_dict` values); a key among `values` that
    someone else changed since is refused with who changed it and when.
    """
    actor = require_owner(ctx, Message(N_("change the shop settings")))
    for key in values:
        if key not in SPECS:
            raise _unknown_key(key)
    with writing(ctx.db) as session:
        current = _stored(session)
        shown = shown_settings(_typed(current))
        for key in values:
            if expected is not None and key in expected and expected[key] != shown[key]:
                row = session.get(Setting, key)
                refuse_changed(session, row.updated_by if row else None, row.updated_at if row else None)
        currency = str(values.get("shop.currency", current["shop.currency"])).strip().upper()
        parsed: dict[str, Any] = {}
        for key in sorted(values, key=lambda k: k != "shop.currency"):
            try:
                parsed[key] = SPECS[key].parse(values[key], currency)
            except InvalidInput as exc:
                problem = {"key": key, "problem": exc.message}
                raise InvalidInput(Message("{key}: {problem}", problem)) from None
            currency = parsed.get("shop.currency", currency)
        _refuse_currency_change(session, current["shop.currency"], parsed.get("shop.currency"))
        for key, value in parsed.items():
            row = session.get(Setting, key, with_for_update=True)
            if row is None:
                session.add(Setting(key=key, value=value, updated_by=actor.id, updated_at=utcnow()))
            else:
                row.value = value
                row.updated_by = actor.id
                row.updated_at = utcnow()
        if parsed.get("shop.status_url_template"):
            ensure_secret(session)  # status links are signed from the first one printed
        session.flush()
        return load_settings(session)


def set_setting(ctx: ServiceContext, key: str, value_text: str | bytes,
                expected: Any = None) -> ShopSettings:
    """Check and save one setting from the owner's text (as typed on the command line) (owner only)."""
    return set_settings(ctx, {key: value_text}, None if expected is None else {key: expected})


def settings_as_dict(db: Database) -> dict[str, Any]:
    """Return every setting as JSON-ready values keyed by setting name (for `settings show --json`)."""
    return shown_settings(get_settings(db))


def shown_settings(s: ShopSettings) -> dict[str, Any]:
    """Return settings as JSON-ready values keyed by setting name."""
    limit = s.clerk_refund_limit
    return {
        "shop.name": s.shop_name, "shop.address": list(s.shop_address), "shop.email": s.shop_email,
        "shop.phone": s.shop_phone, "shop.country": s.shop_country, "shop.currency": s.shop_currency,
        "shop.timezone": s.shop_timezone, "shop.language": s.shop_language,
        "shop.logo": None if s.shop_logo is None else {"bytes": len(s.shop_logo)},
        "shop.status_url_template": s.status_url_template,
        "clerk.refund_limit": None if limit is None else str(limit.quantized().amount),
        "backup.keep": s.backup_keep, "smtp.host": s.smtp_host, "smtp.port": s.smtp_port,
        "smtp.security": s.smtp_security, "smtp.username": s.smtp_username, "smtp.sender": s.smtp_sender,
        "sla.days": s.sla_days, "sla.approval_days": s.sla_approval_days,
        "tax.default_rate": None if s.tax_rate_setting_ppm is None else str(rate_percent(s.tax_rate_setting_ppm, 0, 0)),
        "tax.prices_include_tax": None if s.prices_include_setting is None else
        ("yes" if s.prices_include_setting else "no"),
    }
