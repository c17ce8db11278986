"""Names and addresses printed in the order the destination country writes them.

Postcode before the town in most of Europe ("10961 Berlin"), after it in the UK (its own line) and the
US, Canada and Australia ("Springfield, IL 62704"); Chinese and Korean addresses run from the province
down to the street, Japanese ones start with the postcode after 〒. The country's name closes a foreign
address and is left out at home.
"""

from __future__ import annotations

from babel import Locale

from desktop_app.core.documents.data import Address
from desktop_app.core.i18n.formats import locale_for

TOWN_THEN_POSTCODE_LINE = frozenset({"GB", "IE"})
TOWN_REGION_POSTCODE = frozenset({"US", "CA", "AU", "NZ"})
LARGEST_FIRST = frozenset({"CN", "TW", "HK", "KR"})


def country_name(code: str, lang: str) -> str:
    """Return a country's name in the document's language (the code itself when unknown)."""
    try:
        return str(Locale.parse(locale_for(lang)).territories.get(code.upper(), code))
    except (ValueError, TypeError):
        return code


def _lines(street: str, postcode: str, city: str, region: str, country: str) -> list[str]:
    streets = [line.strip() for line in (street or "").splitlines() if line.strip()]
    if country in LARGEST_FIRST:
        if region and city.startswith(region.rstrip("市省")):
            region = ""  # 北京 + 北京市: the city already names it
        joiner = " " if country == "KR" else ""
        return [joiner.join(p for p in (region, city) if p), *streets, postcode]
    if country == "JP":
        return [f"〒{postcode}" if postcode else "", " ".join(p for p in (region, city) if p), *streets]
    if country in TOWN_THEN_POSTCODE_LINE:
        return [*streets, city, region, postcode]
    if country in TOWN_REGION_POSTCODE:
        town = ", ".join(p for p in (city, " ".join(q for q in (region, postcode) if q)) if p)
        return [*streets, town]
    town = " ".join(p for p in (postcode, city, region if country == "IT" else "") if p)
    return [*streets, town]  # the region is not written in most of Europe (Italy: the province code)


def postal_address(name: str, street: str, postcode: str, city: str, region: str, country: str,
                   lang: str = "en", home: str = "", phone: str = "") -> Address:
    """Return the address as the destination country writes it; `home` is the shop's own country."""
    code = (country or "").strip().upper()
    lines = _lines(street, (postcode or "").strip(), (city or "").strip(), (region or "").strip(), code)
    if code and code != (home or "").strip().upper():
        name_of_country = country_name(code, lang) if len(code) == 2 else country
        lines.append(name_of_country.upper() if lang == "en" else name_of_country)
    return Address(name, tuple(line for line in lines if line), phone)
