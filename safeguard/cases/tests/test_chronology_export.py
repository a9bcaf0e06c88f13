"""The court-bundle chronology: the pure Word builder, and the export page (period, access,
audit). Each test opens the .docx with python-docx and reads the table back."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from safeguard.audit.models import AuditEntry
from safeguard.cases.chronology_export import (
    COLUMNS,
    DOCX_CONTENT_TYPE,
    ChronologyHeading,
    chronology_docx,
    events_in_range,
    row_cells,
)
from safeguard.cases.extensions import ChronologyEvent
from safeguard.cases.tests.factories import (
    ChildProtectionPlanFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.cases.views.chronology_export import ERROR_FROM_IN_FUTURE, ERROR_TO_BEFORE_FROM

VISIT = ChronologyEvent(
    date(2025, 2, 10), "visit", "Child protection visit", "Child seen alone.", who="Sam Worker"
)
REMOVAL = ChronologyEvent(
    date(2025, 3, 10),
    "partner",
    "Removed from roll (Test school)",
    "Reason: moved away.",
    who="Test school",
    agencies=frozenset({"education"}),
    significant=True,
    action_taken="Visited the family the same day.",
)
PLAN = ChronologyEvent(
    date(2025, 2, 3), "plan", "Child protection plan started", "Category: Neglect."
)
HEADING = ChronologyHeading(
    child_name="Ada Example",
    date_of_birth=date(2016, 3, 1),
    date_from=date(2025, 2, 1),
    date_to=date(2025, 3, 14),
    authority="Personashire",
    la_child_id="PAda",
    prepared_by="Sam Worker",
    prepared_on=date(2025, 3, 14),
)


def read(content: bytes):
    return Document(io.BytesIO(content))


def table_rows(document) -> list[list[str]]:
    (table,) = document.tables
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- the builder --------------------------------------------------------------------------------


def test_the_events_in_the_period_are_oldest_first_and_the_ends_are_included():
    events = [REMOVAL, VISIT, PLAN]
    assert events_in_range(events, date(2025, 2, 3), date(2025, 3, 10)) == [PLAN, VISIT, REMOVAL]
    assert events_in_range(events, date(2025, 2, 4), date(2025, 3, 9)) == [VISIT]


def test_a_row_has_date_source_event_significance_and_action_taken():
    assert row_cells(REMOVAL) == (
        "10 March 2025",
        "Education\nTest school",
        "Removed from roll (Test school)\nReason: moved away.",
        "Significant",
        "Visited the family the same day.",
    )
    assert row_cells(VISIT)[1:4] == (
        "Children's social care\nSam Worker",
        "Child protection visit\nChild seen alone.",
        "",
    )


def test_the_document_is_headed_with_the_child_and_the_period_then_one_table():
    document = read(chronology_docx(HEADING, [PLAN, VISIT, REMOVAL]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chronology: Ada Example" in text
    assert "Date of birth: 1 March 2016" in text
    assert "Period covered: 1 February 2025 to 14 March 2025" in text
    assert "Local authority child ID: PAda" in text
    assert "Prepared by: Sam Worker, 14 March 2025" in text
    rows = table_rows(document)
    assert rows[0] == list(COLUMNS)
    assert [r[0] for r in rows[1:]] == ["3 February 2025", "10 February 2025", "10 March 2025"]
    assert rows[3] == [
        "10 March 2025",
        "Education\nTest school",
        "Removed from roll (Test school)\nReason: moved away.",
        "Significant",
        "Visited the family the same day.",
    ]


def test_the_document_is_ready_for_a_bundle_landscape_with_a_repeating_header_row():
    document = read(chronology_docx(HEADING, [VISIT]))
    section = document.sections[0]
    assert section.page_width > section.page_height
    header_row = document.tables[0].rows[0]._tr
    assert header_row.trPr.find(qn("w:tblHeader")) is not None
    assert "PAGE" in section.footer.paragraphs[0]._p.xml


def test_every_page_is_marked_official_sensitive_at_its_top_and_bottom():
    section = read(chronology_docx(HEADING, [VISIT])).sections[0]
    assert [p.text for p in section.header.paragraphs] == ["OFFICIAL-SENSITIVE"]
    assert section.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"
    assert section.header.paragraphs[0].runs[0].bold
    assert not section.different_first_page_header_footer  # the same on every page


def test_the_marking_is_the_one_the_setting_names(settings):
    settings.SAFEGUARD_PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE PERSONAL"
    document = read(chronology_docx(HEADING, []))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE PERSONAL"
    assert section.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE PERSONAL"
    assert document.core_properties.category == "OFFICIAL-SENSITIVE PERSONAL"


def test_an_empty_period_says_so():
    document = read(chronology_docx(HEADING, []))
    assert table_rows(document) == [list(COLUMNS)]
    assert "No events were recorded in this period." in [p.text for p in document.paragraphs]


def test_a_child_with_no_date_of_birth_is_headed_not_known():
    heading = ChronologyHeading("Unborn Example", None, date(2025, 1, 1), date(2025, 1, 31))
    text = "\n".join(p.text for p in read(chronology_docx(heading, [])).paragraphs)
    assert "Date of birth: Not known" in text


# --- the page -----------------------------------------------------------------------------------


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2025, 3, 14, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def case(personas, frozen):
    """The own child on a plan from 3 February 2025, visited on 10 February and 7 March."""
    child = personas.own_child
    referral = ReferralFactory(child=child, team=personas.team)
    ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    VisitFactory(
        child=child, visit_date=date(2025, 2, 10), visited_by=personas.social_worker.worker
    )
    VisitFactory(child=child, visit_date=date(2025, 3, 7), visited_by=personas.social_worker.worker)
    return child


def export_url(child, **params: str) -> str:
    url = reverse("cases:chronology_export", args=[child.pk])
    if not params:
        return url
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


PERIOD = {
    "download": "docx",
    "date_from_0": "1",
    "date_from_1": "2",
    "date_from_2": "2025",
    "date_to_0": "28",
    "date_to_1": "2",
    "date_to_2": "2025",
}


@pytest.mark.django_db
def test_the_record_page_links_to_the_export_for_a_case_holder(sign_in, personas, case):
    html = sign_in(personas.social_worker).get(reverse("cases:child_record", args=[case.pk]))
    assert export_url(case) in html.content.decode()


@pytest.mark.django_db
def test_the_export_page_asks_for_the_period(sign_in, personas, case):
    response = sign_in(personas.social_worker).get(export_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Export the chronology for a court bundle" in html
    assert "Start of the period" in html


@pytest.mark.django_db
def test_the_download_is_a_word_document_of_the_period_and_is_audited(sign_in, personas, case):
    response = sign_in(personas.social_worker).get(export_url(case, **PERIOD))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="chronology-{case.pk}-20250201-20250228.docx"'
    )
    document = read(response.content)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chronology: Own Child" in text
    assert "Date of birth: 1 March 2016" in text
    assert "Period covered: 1 February 2025 to 28 February 2025" in text
    marked = document.sections[0]
    assert marked.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert marked.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"
    rows = table_rows(document)
    assert rows[0] == list(COLUMNS)
    titles = [r[2].split("\n")[0] for r in rows[1:]]
    assert "Child protection plan started" in titles
    assert sum(t.startswith("Child protection visit") or "visit" in t.lower() for t in titles) == 1
    assert all(date(2025, 2, 1) <= _parse(r[0]) <= date(2025, 2, 28) for r in rows[1:])
    export = AuditEntry.objects.get(action="export")
    assert (export.actor_username, export.child_id) == ("sw", case.pk)
    assert export.details["export"] == "court_bundle_chronology"
    assert (export.details["from"], export.details["to"]) == ("2025-02-01", "2025-02-28")
    assert export.details["events"] == len(rows) - 1


@pytest.mark.django_db
def test_partner_events_and_signals_are_in_the_export(sign_in, personas, case):
    from safeguard.agencies.signals import services
    from safeguard.agencies.signals.tests.factories import partner_event

    partner_event(
        child=case,
        event_type="removed_from_roll",
        occurred_on=date(2025, 3, 10),
        authority=personas.authority,
    )
    (signal,) = services.signals_evaluate_for_child(child_id=case.pk)
    services.signal_acknowledge(
        signal=signal,
        by=personas.social_worker.worker,
        decision="action_taken",
        rationale="Visited the family today.",
    )

    response = sign_in(personas.social_worker).get(export_url(case, download="docx"))

    rows = table_rows(read(response.content))
    removal = next(r for r in rows if r[2].startswith("Removed from roll"))
    assert removal[0] == "10 March 2025"
    assert removal[1].startswith("Education")
    raised = next(r for r in rows if r[2].startswith("Signal raised"))
    assert raised[0] == "14 March 2025"
    assert raised[4].startswith("Action taken (Sw Persona, 14 March 2025): Visited the family")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date_to_0": "31", "date_to_1": "1"}, ERROR_TO_BEFORE_FROM),
        ({"date_from_2": "2026"}, ERROR_FROM_IN_FUTURE),
        ({"date_from_1": "13"}, "Start of the period must be a real date"),
    ],
)
def test_a_bad_period_is_named_and_nothing_is_exported(sign_in, personas, case, change, message):
    response = sign_in(personas.social_worker).get(export_url(case, **{**PERIOD, **change}))
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert message in html
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_only_case_holders_who_may_see_the_child_may_export(sign_in, personas, case):
    url = export_url(case, download="docx")
    assert sign_in(personas.other_worker).get(url).status_code == 404
    assert sign_in(personas.front_door_worker).get(url).status_code == 403
    assert sign_in(personas.team_manager).get(url).status_code == 200


def _parse(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()
