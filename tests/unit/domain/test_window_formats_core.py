"""The window's short dates and times: the country's numeric form in English, the Chinese form in Chinese."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.core.i18n.formats import format_moment, format_short_day

DAY = date(2026, 12, 2)


@pytest.mark.parametrize(("lang", "country", "day", "moment"), [
    ("en", "DE", "02.12.2026", "02.12.2026 14:05"),
    ("en", "GB", "02/12/2026", "02/12/2026 14:05"),
    ("en", "US", "12/2/2026", "12/2/2026 2:05\u202fPM"),
    ("en", "", "2026-12-02", "2026-12-02 14:05"),
    ("en", "??", "2026-12-02", "2026-12-02 14:05"),
    ("zh_CN", "DE", "2026年12月2日", "2026年12月2日 14:05"),
    ("zh_CN", "", "2026年12月2日", "2026年12月2日 14:05"),
])
def test_short_days_and_moments_follow_the_language_and_the_shops_country(lang, country, day, moment):
    assert format_short_day(DAY, lang, country) == day
    assert format_moment(datetime(2026, 12, 2, 14, 5), lang, country) == moment
    assert format_short_day(None, lang, country) == "" and format_moment(None, lang, country) == ""
