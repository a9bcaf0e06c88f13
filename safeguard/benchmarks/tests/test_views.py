"""The benchmarks pages and the indicator page's benchmarks: who may see them and choose the
neighbours, what they show (generated figures labelled), and a bad choice refused clearly."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.benchmarks import selectors
from safeguard.benchmarks.measures import Table
from safeguard.benchmarks.models import StatisticalNeighbour
from safeguard.benchmarks.tests.support import csv_text, england_row, la_row, load_text

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2025-04-01", "to": "2026-03-31"}
RE_REFERRALS_FILE = csv_text(
    [
        england_row("202425", "22.6"),
        la_row("202425", "E08000026", "331", "Coventry", "19.5"),
        la_row("202425", "E08000027", "332", "Dudley", "25.0"),
        la_row("202425", "E08000028", "333", "Sandwell", "c"),
    ],
    columns=("rereferral_percent",),
)


def _load_cin(generated: bool = False) -> None:
    load_text(RE_REFERRALS_FILE, source_file="cin_2025.csv", generated=generated, table=Table.CIN)


@pytest.fixture
def chosen(personas):
    _load_cin()
    for rank, (code, name) in enumerate(
        [("E08000027", "Dudley"), ("E08000026", "Coventry"), ("E08000028", "Sandwell")], start=1
    ):
        StatisticalNeighbour.objects.create(
            authority=personas.authority, new_la_code=code, la_name=name, rank=rank
        )
    return personas


def test_the_benchmarks_page_shows_england_the_average_and_each_neighbour(chosen, sign_in):
    page = sign_in(chosen.team_manager).get(reverse("benchmarks:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "14.2" in text  # England's vacancy rate, shipped
    cin = next(t for t in page.context["tables"] if t.title.endswith("children in need"))
    column = [m.key for m in cin.measures].index("re_referrals")
    assert str(cin.england[column]) == "22.6"
    # (25.0 + 19.5) / 2, Sandwell suppressed
    assert str(cin.average[column]) == "22.3"
    assert [(name, values[column]) for name, values in cin.neighbours][2] == ("Sandwell", None)
    assert "Choose statistical neighbours" not in text  # a team manager does not choose


def test_generated_figures_are_labelled_generated_on_both_pages(personas, sign_in, calendar):
    _load_cin(generated=True)
    client = sign_in(personas.analyst)
    assert "Generated" in client.get(reverse("benchmarks:index")).content.decode()
    page = client.get(reverse("performance:indicator", args=["re_referrals"]), PERIOD)
    assert page.context["published"].generated is True
    assert "Generated" in page.content.decode()


def test_the_indicator_page_shows_the_neighbours_in_two_queries(chosen, sign_in, calendar):
    client = sign_in(chosen.analyst)
    client.get(reverse("performance:indicator", args=["re_referrals"]), PERIOD)
    with CaptureQueriesContext(connection) as queries:
        selectors.benchmark_for(chosen.authority, "re_referrals")
    assert len(queries) == 2
    page = client.get(reverse("performance:indicator", args=["re_referrals"]), PERIOD)
    published = page.context["published"]
    assert [name for name, _ in published.neighbours] == ["Dudley", "Coventry", "Sandwell"]
    text = page.content.decode()
    assert 'id="benchmarks"' in text and "Statistical neighbours' average" in text


def test_an_indicator_without_a_published_counterpart_shows_no_benchmarks(
    chosen, sign_in, calendar
):
    page = sign_in(chosen.analyst).get(reverse("performance:indicator", args=["contacts"]), PERIOD)
    assert page.context["published"] is None
    assert 'id="benchmarks"' not in page.content.decode()


def test_a_head_of_service_chooses_the_neighbours_in_order(chosen, sign_in):
    client = sign_in(chosen.head_of_service)
    form = client.get(reverse("benchmarks:neighbours"))
    assert form.context["form"]["neighbour_1"].value() == "E08000027"
    response = client.post(
        reverse("benchmarks:neighbours"),
        {"neighbour_1": "E08000028", "neighbour_2": "", "neighbour_3": "E08000026"},
    )
    assert response.status_code == 302
    assert list(
        StatisticalNeighbour.objects.filter(authority=chosen.authority).values_list(
            "rank", "new_la_code", "la_name"
        )
    ) == [(1, "E08000028", "Sandwell"), (2, "E08000026", "Coventry")]
    entry = AuditEntry.objects.filter(object_type="benchmarks.statisticalneighbour").last()
    assert entry is not None and entry.details["neighbours"] == ["E08000028", "E08000026"]


def test_a_neighbour_chosen_twice_is_refused_and_nothing_changes(chosen, sign_in):
    client = sign_in(chosen.analyst)
    response = client.post(
        reverse("benchmarks:neighbours"), {"neighbour_1": "E08000028", "neighbour_2": "E08000028"}
    )
    assert response.status_code == 200
    assert "Sandwell is chosen twice: choose each neighbour once." in response.content.decode()
    assert StatisticalNeighbour.objects.filter(authority=chosen.authority).count() == 3


def test_english_authorities_not_yet_loaded_may_be_chosen(chosen, sign_in):
    form = sign_in(chosen.analyst).get(reverse("benchmarks:neighbours")).context["form"]
    codes = dict(form.fields["neighbour_1"].choices)
    assert "E08000026" in codes  # loaded
    assert codes.get("E08000025") == "Birmingham (E08000025)"  # qlacref_authorities


@pytest.mark.parametrize("role", ["social_worker", "auditor", "team_manager"])
def test_only_analysts_and_heads_of_service_choose_neighbours(chosen, sign_in, role):
    client = sign_in(getattr(chosen, role))
    assert client.get(reverse("benchmarks:neighbours")).status_code == 403
    assert client.post(reverse("benchmarks:neighbours"), {"neighbour_1": ""}).status_code == 403
