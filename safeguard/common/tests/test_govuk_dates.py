from datetime import UTC, date, datetime

from django.template import Context, Template
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from safeguard.common.templatetags.govuk_dates import long_date, short_date


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_dates_are_written_the_govuk_way():
    assert long_date(date(2026, 11, 3)) == "3 November 2026"
    assert short_date(date(2026, 9, 30)) == "30 Sep 2026"


def test_no_date_is_blank_not_none():
    assert render("[{{ d|long_date }}][{{ d|short_date }}]", d=None) == "[][]"


@override_settings(TIME_ZONE="Europe/London", USE_TZ=True)
def test_a_moment_is_shown_on_the_local_day_as_djangos_date_filter_shows_it():
    # 23:30 UTC on 31 May is already 1 June in London (BST).
    moment = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    assert render("{{ m|long_date }}", m=moment) == "1 June 2026"
    assert render('{{ m|date:"j F Y" }}', m=moment) == "1 June 2026"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_the_filters_agree_with_djangos_own_date_formats(day):
    assert long_date(day) == render('{{ d|date:"j F Y" }}', d=day)
    assert short_date(day) == render('{{ d|date:"j M Y" }}', d=day)
