"""What the care, care leavers and permanence apps add to the record (`cases.extensions`) costs
nothing for a child never looked after, and for a looked-after child reads each of their
tables at most once: the record reads the periods of care and episodes and keeps them on the
child it hands every source (`cases.selectors.care_periods_of`).

Time is frozen at noon on Friday 14 March 2025 (`test_actions.frozen_today`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.care.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    IroContact,
    MissingEpisode,
    PersonalEducationPlan,
    SdqScore,
    SubstanceMisuse,
    UascStatus,
)
from safeguard.care_leavers import services as care_leaver_services
from safeguard.care_leavers.tests.support import make_care_leaver
from safeguard.cases import extensions
from safeguard.cases.tests.views.test_actions import frozen_today  # noqa: F401 (autouse)
from safeguard.cases.tests.views.test_record_page import record_url
from safeguard.permanence.models import AdoptionDecision, PermanencePlan, PreviousPermanence

pytestmark = pytest.mark.django_db

CARE_APPS = ("care", "care_leavers", "permanence")
CARE_TABLES = frozenset(
    model._meta.db_table for app in CARE_APPS for model in apps.get_app_config(app).get_models()
)
# The record's own read of the periods and episodes names them among a dozen tables; a source
# reading them again would name them first.
CASES_CARE_TABLES = frozenset({"cases_lookedafterperiod", "cases_placement"})


def _tables_read(sql: str) -> list[str]:
    return re.findall(r'\bFROM "?(\w+)"?', sql)


def _page_queries(client: Any, child: Any) -> tuple[str, list[str]]:
    client.get(record_url(child))  # warm the session and the user
    with CaptureQueriesContext(connection) as queries:
        response = client.get(record_url(child))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def _without_care_sources(monkeypatch: Any) -> None:
    def kept(source: Any) -> bool:
        return not source.__module__.startswith(tuple(f"safeguard.{app}." for app in CARE_APPS))

    for registry in ("_chronology_sources", "_record_panels", "_timeline_sources"):
        monkeypatch.setattr(
            extensions, registry, [s for s in getattr(extensions, registry) if kept(s)]
        )


def test_a_child_never_looked_after_costs_the_care_sources_no_query(personas, sign_in, monkeypatch):
    child = personas.own_child
    # Old enough for leaving care: only never having been looked after keeps the section away.
    child.date_of_birth = date(2008, 1, 1)
    child.save(update_fields=["date_of_birth"])
    client = sign_in(personas.social_worker)

    page, queries = _page_queries(client, child)
    assert "Leaving care" not in page and "Health (looked after)" not in page
    assert not [sql for sql in queries if CARE_TABLES & set(_tables_read(sql))]
    assert not [sql for sql in queries if _tables_read(sql)[:1] == ["cases_lookedafterperiod"]]
    assert not [sql for sql in queries if _tables_read(sql)[:1] == ["cases_placement"]]

    _without_care_sources(monkeypatch)
    _, without = _page_queries(client, child)
    assert len(queries) == len(without)


def _in_care_with_everything(personas: Any) -> Any:
    """A care leaver (looked after 8 January 2024 to 11 February 2025) with a row in each of
    the care apps' tables the record shows."""
    child = make_care_leaver(personas.own_child)
    period = child.care_periods.get()
    on = date(2024, 3, 1)
    rows = {"child": child, "period": period}
    HealthAssessment.objects.create(
        **rows, kind="initial", assessment_date=on, carried_out_by="Dr A Example"
    )
    DentalCheck.objects.create(**rows, check_date=on)
    ImmunisationStatus.objects.create(**rows, recorded_on=on, up_to_date=True)
    SdqScore.objects.create(**rows, completed_on=on, score=12)
    MissingEpisode.objects.create(
        **rows, kind="M", start_date=date(2024, 4, 1), end_date=date(2024, 4, 2)
    )
    PersonalEducationPlan.objects.create(
        **rows,
        kind="initial",
        meeting_date=on,
        school="Example Academy",
        virtual_school_involved=True,
    )
    UascStatus.objects.create(**rows)
    Conviction.objects.create(**rows, convicted_on=on)
    SubstanceMisuse.objects.create(**rows, identified_on=on, intervention="received")
    IroContact.objects.create(
        **rows, contact_date=on, iro=personas.team_manager.worker, method="remote"
    )
    AdoptionDecision.objects.create(**rows, decision_date=on)
    PreviousPermanence.objects.create(**rows, option="Z1")
    PermanencePlan.objects.create(**rows, agreed_on=on, plan="LTFOST18")
    care_leaver_services.needs_assessment_record(
        child=child, completed_on=date(2024, 8, 1), summary="Needs"
    )
    care_leaver_services.pathway_plan_record(
        child=child, agreed_on=date(2024, 8, 20), summary="Plan"
    )
    care_leaver_services.personal_adviser_appoint(
        child=child, name="Sam Adviser", contact_details="", appointed_on=date(2025, 2, 11)
    )
    return child


def test_a_looked_after_child_s_record_reads_each_care_table_at_most_once(personas, sign_in):
    child = _in_care_with_everything(personas)
    page, queries = _page_queries(sign_in(personas.social_worker), child)
    for section in (
        "Health (looked after)",
        "Missing episodes",
        "Education (looked after)",
        "Independent reviewing officer",
        "Leaving care",
        "Adoption and permanence",
    ):
        assert section in page, section
    assert "Sam Adviser" in page and "Example Academy" in page

    read = [table for sql in queries for table in set(_tables_read(sql)) if table in CARE_TABLES]
    assert len(read) == len(set(read)), sorted(read)
    # The periods and episodes come from the record's own read, not the sources'.
    firsts = [_tables_read(sql)[:1] for sql in queries]
    assert not [f for f in firsts if set(f) & CASES_CARE_TABLES]
