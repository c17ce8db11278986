"""Set up an empty shop: its first owner, its settings and a starting policy (first start and `returndesk init`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.core.db.engine import Database
from desktop_app.core.db.models import Order, Setting, User
from desktop_app.core.domain.presets import default_rules
from desktop_app.core.i18n import Message
from desktop_app.core.services.auth import check_secret_rules, check_user_name, create_first_owner
from desktop_app.core.services.base import CurrentUser, InvalidInput, ServiceContext
from desktop_app.core.services.policies import publish, save_draft
from desktop_app.core.services.settings import set_settings
from desktop_app.core.services.settings_specs import SPECS


@dataclass(frozen=True)
class ShopSetup:
    """What an empty shop needs: the owner's name and PIN, and (for `init`) the shop's own settings."""

    owner: str
    pin: str
    language: str = "en"
    shop_name: str = ""
    currency: str = ""
    country: str = ""
    time_zone: str = ""


def _settings(setup: ShopSetup) -> dict[str, str]:
    """Return the settings the setup names, checked now so that a bad one changes nothing."""
    values = {"shop.name": setup.shop_name, "shop.currency": setup.currency.upper(),
              "shop.country": setup.country.upper(), "shop.timezone": setup.time_zone}
    chosen = {key: value.strip() for key, value in values.items() if value.strip()}
    if chosen:
        chosen["shop.language"] = setup.language
    currency = chosen.get("shop.currency", "EUR")
    for key, value in chosen.items():
        try:
            SPECS[key].parse(value, currency)
        except InvalidInput as exc:
            raise InvalidInput(Message("{key}: {problem}", {"key": key, "problem": exc.message})) from None
    return chosen


def _has_shop(db: Database) -> bool:
    """Return True when the database already holds a shop (a user, a setting or an order)."""
    with db.read() as session:
        return any((session.scalar(select(func.count()).select_from(model)) or 0) > 0
                   for model in (User, Setting, Order))


def check_setup(setup: ShopSetup) -> dict[str, str]:
    """Refuse a bad owner name, PIN or setting before anything is created; return the settings to save."""
    check_user_name(setup.owner)
    check_secret_rules(setup.pin)
    return _settings(setup)


def set_up_shop(db: Database, setup: ShopSetup) -> CurrentUser:
    """Create the first owner; with a currency and country also the settings and the country's legal policy.

    Refused, with nothing changed, on a database that already holds a shop or for any bad value."""
    settings = check_setup(setup)
    if settings and _has_shop(db):
        raise InvalidInput(Message("This database already holds a shop; `init` only sets up an empty one. "
                                   "Nothing was changed."))
    owner = create_first_owner(db, setup.owner, setup.pin, language=setup.language)
    if settings:
        ctx = ServiceContext(db, owner)
        set_settings(ctx, settings)
        if "shop.currency" in settings and "shop.country" in settings:
            rules = default_rules(settings["shop.country"], settings["shop.currency"])
            draft = save_draft(ctx, rules, title=setup.shop_name.strip()[:200])
            publish(ctx, draft.id)
    return owner
