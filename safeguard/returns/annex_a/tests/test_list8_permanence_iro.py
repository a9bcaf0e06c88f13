"""Annex A list 8's permanence plan and date of the last IRO visit or contact, filled from
the record (`permanence.PermanencePlan`, `care.IroContact`) as at the window's last day
(30 September 2025) or the day care ended: the plan in Annex A's words, the latest agreed by
then; the last recorded IRO contact by then (a looked-after review is not one). Both are read
in the list's one query, whatever the number of children."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguard.care.models import IroContact
from safeguard.cases.tests.factories import LookedAfterReviewFactory
from safeguard.organisation.tests.factories import WorkerFactory
from safeguard.permanence.models import PermanencePlan
from safeguard.returns.annex_a import layout

from .test_workbook import (
    PUBLISHED_LAYOUT,
    area,  # noqa: F401 (the fixture the test asks for)
    child,
    on,
    period_with,
    rows,
    workbook,
)

PLAN = "What is the permanence plan for this child?"
IRO = "Date of Last IRO Visit / Contact to the Child"


def _columns(book: Any) -> dict[str, tuple[Any, Any]]:
    headers = PUBLISHED_LAYOUT["List 8"]
    return {
        row[headers.index("Child Unique ID")]: (row[headers.index(PLAN)], row[headers.index(IRO)])
        for row in rows(book, "List 8")
    }


def _plans_and_contacts(kid: Any, period: Any, iro: Any) -> None:
    for agreed_on, plan in (
        (date(2025, 5, 20), "RETURN6M"),
        (date(2025, 8, 1), "LTFOST18"),
        (date(2025, 10, 2), "ADOPTION"),  # after the window: not yet agreed on its last day
    ):
        PermanencePlan.objects.create(child=kid, period=period, agreed_on=agreed_on, plan=plan)
    for day in (date(2025, 6, 1), date(2025, 9, 12), date(2025, 10, 3)):
        IroContact.objects.create(
            child=kid, period=period, contact_date=day, iro=iro, method="remote"
        )


def test_the_plan_and_the_last_iro_contact_are_as_at_the_last_day(area: Any) -> None:  # noqa: F811
    iro = WorkerFactory(authority=area.authority, team=None, chair=True)
    kid = child("P1")
    period = period_with(kid, date(2025, 5, 6), [{"start_date": date(2025, 5, 6)}])
    _plans_and_contacts(kid, period, iro)
    # Ended in the window: the plan and contact as at the day care ended.
    ended = child("P2")
    closed = period_with(
        ended,
        date(2025, 5, 6),
        [{"start_date": date(2025, 5, 6)}],
        end_date=date(2025, 7, 31),
        reason_ceased="E13",
    )
    PermanencePlan.objects.create(
        child=ended, period=closed, agreed_on=date(2025, 5, 30), plan="RETURN1M"
    )
    IroContact.objects.create(
        child=ended,
        period=closed,
        contact_date=date(2025, 7, 2),
        iro=iro,
        method="visit",
        seen_alone=True,
    )
    # A review is not an IRO contact: the list asks its date in its own column.
    reviewed = child("P3")
    LookedAfterReviewFactory(
        period=period_with(reviewed, date(2025, 5, 6), [{"start_date": date(2025, 5, 6)}]),
        review_date=date(2025, 6, 3),
    )

    assert _columns(workbook()) == {
        "P1": (
            "Long term placement with foster carers (intended to last until 18, no return "
            "home envisaged)",
            on(2025, 9, 12),
        ),
        "P2": ("Return to birth family within one month", on(2025, 7, 2)),
        "P3": (None, None),
    }


def test_the_two_columns_are_no_longer_listed_as_not_recorded() -> None:
    assert PLAN not in layout.LOOKED_AFTER.blank
    assert IRO not in layout.LOOKED_AFTER.blank


def test_the_list_takes_the_same_queries_for_three_times_the_children(area: Any) -> None:  # noqa: F811
    iro = WorkerFactory(authority=area.authority, team=None, chair=True)

    def looked_after(name: str) -> None:
        kid = child(name)
        period = period_with(kid, date(2025, 5, 6), [{"start_date": date(2025, 5, 6)}])
        _plans_and_contacts(kid, period, iro)

    looked_after("Q1")
    with CaptureQueriesContext(connection) as one:
        workbook()
    looked_after("Q2")
    looked_after("Q3")
    with CaptureQueriesContext(connection) as three:
        book = workbook()
    assert len(three) == len(one)
    assert len(rows(book, "List 8")) == 3
