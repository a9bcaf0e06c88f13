"""The dashboards: who may see them, what the drill-down shows to whom, the exports and their
audit entries, and clear errors for a bad period or link."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from safeguard.audit.models import Action, AuditEntry
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.performance.registry import INDICATORS

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-04-01", "to": "2026-03-31"}


@pytest.fixture
def referrals(calendar, personas):
    """Three referrals to Team A in the period (own child, restricted child, team child) and
    one to Team B (other child)."""
    for child in (personas.own_child, personas.restricted_child, personas.team_child):
        ReferralFactory(child=child, team=personas.team, referral_date=date(2025, 6, 2))
    ReferralFactory(
        child=personas.other_child, team=personas.other_team, referral_date=date(2025, 6, 3)
    )
    return personas


def test_the_dashboard_lists_every_indicator_for_an_analyst(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(reverse("performance:dashboard"), PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    for indicator in INDICATORS.values():
        assert escape(indicator.title) in page
    # 4 referrals / population 1 x 10,000.
    table = response.context["table"]
    row = next(r for r in table.rows if r[0].value == INDICATORS["referrals"].title)
    assert row[3].value == 4
    assert row[1].value == 40000


@pytest.mark.parametrize("role", ["social_worker", "auditor", "system_administrator"])
def test_people_without_the_performance_permission_are_refused(referrals, sign_in, role):
    client = sign_in(referrals.users[role])
    assert client.get(reverse("performance:dashboard")).status_code == 403
    assert client.get(reverse("performance:indicator", args=["referrals"])).status_code == 403


def test_a_team_filter_counts_only_that_teams_referrals(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(
        reverse("performance:indicator", args=["referrals"]),
        {**PERIOD, "team": referrals.other_team.pk},
    )
    assert response.context["result"].count == 1
    teams = {row[0].value: row[2].value for row in response.context["teams"].rows}
    assert teams == {"Team A": 3, "Team B": 1}


def test_an_analyst_sees_how_many_children_but_not_who(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(reverse("performance:children", args=["referrals"]), PERIOD)
    assert response.status_code == 200
    listing = response.context["listing"]
    assert (len(listing.rows), listing.hidden) == (0, 4)
    page = response.content.decode()
    assert "Own Child" not in page and "Other Child" not in page
    assert AuditEntry.objects.filter(object_type="performance.indicator").count() == 0


def test_a_team_manager_sees_their_teams_children_by_name_and_each_read_is_audited(
    referrals, sign_in
):
    client = sign_in(referrals.team_manager)
    response = client.get(reverse("performance:children", args=["referrals"]), PERIOD)
    listing = response.context["listing"]
    # Own, team and restricted (the manager is named on it) are theirs; other is not.
    names = sorted(row["name"] for row in listing.rows)
    assert names == ["Own Child", "Restricted Child", "Team Child"]
    assert listing.hidden == 1
    page = response.content.decode()
    assert reverse("cases:child_record", args=[referrals.own_child.pk]) in page
    audited = AuditEntry.objects.filter(object_type="performance.indicator", action=Action.READ)
    assert sorted(audited.values_list("child_id", flat=True)) == sorted(
        c.pk for c in (referrals.own_child, referrals.restricted_child, referrals.team_child)
    )


def test_a_social_workers_restricted_record_is_never_named_to_a_head_of_service(referrals, sign_in):
    client = sign_in(referrals.head_of_service)
    listing = client.get(reverse("performance:children", args=["referrals"]), PERIOD).context[
        "listing"
    ]
    assert "Restricted Child" not in [row["name"] for row in listing.rows]
    assert listing.total == 4


def test_the_summary_exports_as_csv_and_excel_and_each_export_is_audited(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(reverse("performance:summary_export"), {**PERIOD, "format": "csv"})
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:4] == ["Indicator", "Figure", "Unit", "Counted"]
    referrals_row = next(r for r in rows if r[0] == INDICATORS["referrals"].title)
    assert referrals_row[3] == "4"
    response = client.get(reverse("performance:summary_export"), {**PERIOD, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:4] == ["Indicator", "Figure", "Unit", "Counted"]
    assert len(values) == 2 + len(INDICATORS)
    exports = AuditEntry.objects.filter(action=Action.EXPORT, object_type="performance.table")
    assert [e.details["format"] for e in exports.order_by("sequence")] == ["csv", "xlsx"]


@pytest.mark.parametrize("table", ["trend", "teams", "breakdown", "children"])
def test_every_table_of_an_indicator_exports(referrals, sign_in, table):
    client = sign_in(referrals.team_manager)
    response = client.get(
        reverse("performance:indicator_export", args=["referrals"]),
        {**PERIOD, "table": table, "format": "xlsx"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row >= 3


def test_the_children_export_lists_only_visible_children_and_audits_each_as_an_export(
    referrals, sign_in
):
    client = sign_in(referrals.team_manager)
    response = client.get(
        reverse("performance:indicator_export", args=["referrals"]),
        {**PERIOD, "table": "children", "format": "csv"},
    )
    text = response.content.decode("utf-8-sig")
    assert "Own Child" in text and "Other Child" not in text
    assert "1 more counted but not listed" in text
    assert (
        AuditEntry.objects.filter(action=Action.EXPORT, object_type="performance.indicator").count()
        == 3
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_child_or_team_named_as_a_formula_is_exported_as_text(referrals, sign_in, file_format):
    referrals.own_child.first_name = '=HYPERLINK("http://x","y")'
    referrals.own_child.save()
    referrals.team.name = "@SUM(A1)"
    referrals.team.save()
    client = sign_in(referrals.team_manager)
    response = client.get(
        reverse("performance:indicator_export", args=["referrals"]),
        {**PERIOD, "table": "children", "format": file_format},
    )
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"] == []
        rows = [["" if c.value is None else c.value for c in row] for row in sheet.iter_rows()]
    names = [row[0] for row in rows[2:]]
    assert '\'=HYPERLINK("http://x","y") Child' in names
    assert "'@SUM(A1)" in [row[2] for row in rows[2:] if len(row) > 2]


def test_a_period_ending_before_it_starts_is_shown_as_an_error_on_the_form(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(
        reverse("performance:dashboard"), {"from": "2026-03-31", "to": "2025-04-01"}
    )
    assert response.status_code == 200
    assert "The start of the period must be on or before its end" in response.content.decode()
    assert "table" not in response.context


def test_a_date_typed_in_the_form_that_is_not_real_is_an_error(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(
        reverse("performance:dashboard"),
        {
            "date_from_0": "31",
            "date_from_1": "2",
            "date_from_2": "2025",
            "date_to_0": "1",
            "date_to_1": "3",
            "date_to_2": "2025",
        },
    )
    assert "From must be a real date" in response.content.decode()


def test_an_unknown_format_table_team_or_indicator_is_refused_clearly(referrals, sign_in):
    client = sign_in(referrals.analyst)
    bad_format = client.get(reverse("performance:summary_export"), {"format": "pdf"})
    assert bad_format.status_code == 400
    assert "Choose the format csv or xlsx" in bad_format.content.decode()
    bad_table = client.get(
        reverse("performance:indicator_export", args=["referrals"]), {"table": "x"}
    )
    assert bad_table.status_code == 400
    no_table = client.get(
        reverse("performance:indicator_export", args=["contacts"]), {"table": "breakdown"}
    )
    assert no_table.status_code == 400
    assert client.get(reverse("performance:indicator", args=["nope"])).status_code == 404
    unknown_team = client.get(reverse("performance:dashboard"), {"team": "999999"})
    assert "Select a team from the list" in unknown_team.content.decode()


def test_the_indicator_page_draws_accessible_charts_with_an_england_line(referrals, sign_in):
    client = sign_in(referrals.analyst)
    response = client.get(reverse("performance:indicator", args=["re_referrals"]), PERIOD)
    page = response.content.decode()
    assert 'role="img"' in page and 'aria-labelledby="trend-chart-title trend-chart-desc"' in page
    assert "England 22.6" in page
    assert "style=" not in page  # the CSP forbids inline styles
    assert len(response.context["trend"].rows) == 12


def test_every_number_in_the_summary_excel_download_is_a_number_with_englands_beside_it(
    referrals, sign_in
):
    client = sign_in(referrals.analyst)
    response = client.get(reverse("performance:summary_export"), {**PERIOD, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    assert header == [
        "Indicator",
        "Figure",
        "Unit",
        "Counted",
        "Of which",
        "England",
        "About England's figure",
    ]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    for title, row in rows.items():
        for cell in (row[1], row[3], row[4], row[5]):
            assert cell.value is None or isinstance(cell.value, int | float), (title, cell)
    re_referrals = rows[INDICATORS["re_referrals"].title]
    # A share is the fraction, shown as a percentage; this one is of 4 referrals.
    assert re_referrals[1].value == 0 and re_referrals[1].number_format == '0.0%" (n=4)"'
    assert re_referrals[5].value == pytest.approx(0.226)
    assert re_referrals[5].number_format == "0.0%"
    assert re_referrals[6].value == "DfE, Characteristics of children in need 2025 (C1), 2024-25"
    referrals_row = rows[INDICATORS["referrals"].title]
    assert referrals_row[1].value == 40000 and referrals_row[5].value == pytest.approx(527.4)
    assert referrals_row[6].value.endswith("; derived")
    second = rows[INDICATORS["second_plans"].title]
    assert second[5].value is None and second[6].value == "No national figure"


def test_a_share_of_a_small_base_shows_its_n_on_the_dashboard_and_the_indicator_page(
    referrals, sign_in
):
    client = sign_in(referrals.analyst)
    dashboard = client.get(reverse("performance:dashboard"), PERIOD)
    row = next(
        r for r in dashboard.context["table"].rows if r[0].value == INDICATORS["re_referrals"].title
    )
    assert row[1].text == "0.0 (n=4)"
    assert "0.0 (n=4)" in dashboard.content.decode()
    page = client.get(reverse("performance:indicator", args=["re_referrals"]), PERIOD)
    assert '<span id="headline-base">(n=4)</span>' in page.content.decode()
    # A rate per 10,000 is of the child population: no n.
    rate = client.get(reverse("performance:indicator", args=["referrals"]), PERIOD)
    assert "headline-base" not in rate.content.decode()


@pytest.mark.parametrize(
    ("slug", "label", "publication"),
    [
        (
            "section47_enquiries",
            "England 2024-25: 192 section 47 enquiries per 10,000 children a year",
            "DfE, Characteristics of children in need 2025 (C4), 2024-25; derived",
        ),
        (
            "initial_conferences",
            "England 2024-25: 81.4% (quartiles 13, 14 and 15 working days)",
            "DfE, Characteristics of children in need 2025 (C4), 2024-25",
        ),
        (
            "caseload",
            "England 30 September 2025: 15.2 cases per case-holding FTE",
            "DfE, Children&#x27;s social work workforce 2025, 30 September 2025",
        ),
    ],
)
def test_englands_published_figures_show_with_their_publication_and_year(
    referrals, sign_in, slug, label, publication
):
    page = (
        sign_in(referrals.analyst)
        .get(reverse("performance:indicator", args=[slug]), PERIOD)
        .content.decode()
    )
    assert label in page and publication in page


def test_the_repeat_plans_figure_says_there_is_no_national_value_rather_than_invent_one(
    referrals, sign_in
):
    page = (
        sign_in(referrals.analyst)
        .get(reverse("performance:indicator", args=["second_plans"]), PERIOD)
        .content.decode()
    )
    assert "No national figure: the domain notes give the definition (CIN table D3" in page
    assert "None is invented." in page
