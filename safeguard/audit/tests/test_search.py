"""The auditor's search by date range (GOV.UK date inputs, in UK days) and by what happened,
and the page naming each record in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from safeguard.audit.forms import SEARCH_NEEDS_A_TERM, TO_BEFORE_FROM
from safeguard.audit.models import Action, AuditEntry
from safeguard.audit.services import AuditRecord, audit_append
from safeguard.cases.tests.factories import ReferralFactory, VisitFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=UTC)


def entry(user, when: datetime, action: str = Action.READ, **fields) -> AuditRecord:
    return AuditRecord(
        action=action,
        actor_id=user.pk,
        actor_username=user.username,
        at=when,
        **fields,
    )


def dates(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}_0": day, f"{prefix}_1": month, f"{prefix}_2": year}


def search(client, **params):
    return client.get("/audit/", params)


@pytest.fixture
def march(personas):
    """Reads of the own child's record on 1, 10 and 20 March, and a refusal on 10 March."""
    sw = personas.social_worker
    child = personas.own_child
    read = {"object_type": "people.person", "object_id": str(child.pk), "child_id": child.pk}
    audit_append(
        [
            entry(sw, at(1), **read),
            entry(sw, at(10), **read),
            entry(sw, at(10, 15), Action.REFUSED, details={"status": 404, "path": "/children/9"}),
            entry(sw, at(20), **read),
        ]
    )


def test_a_date_range_alone_finds_every_entry_in_those_days(personas, sign_in, march):
    page = search(
        sign_in(personas.auditor),
        **dates("date_from", "2", "3", "2025"),
        **dates("date_to", "10", "3", "2025"),
    )
    assert page.status_code == 200
    assert [e.at for e in page.context["entries"]] == [at(10, 15), at(10)]


def test_both_ends_of_the_range_are_whole_uk_days(personas, sign_in):
    # 00:30 on 1 July in the UK is 23:30 on 30 June in UTC; 23:30 on 1 July is 22:30 UTC.
    audit_append(
        [
            entry(personas.social_worker, datetime(2025, 6, 30, 23, 30, tzinfo=UTC)),
            entry(personas.social_worker, datetime(2025, 7, 1, 22, 30, tzinfo=UTC)),
            entry(personas.social_worker, datetime(2025, 7, 1, 23, 30, tzinfo=UTC)),
        ]
    )
    page = search(
        sign_in(personas.auditor),
        **dates("date_from", "1", "7", "2025"),
        **dates("date_to", "1", "7", "2025"),
    )
    assert [e.at.hour for e in page.context["entries"]] == [22, 23]


def test_a_range_narrows_a_search_by_user_and_by_child(personas, sign_in, march):
    client = sign_in(personas.auditor)
    page = search(
        client, username="sw", child=personas.own_child.pk, **dates("date_from", "5", "3", "2025")
    )
    assert [e.at for e in page.context["entries"]] == [at(20), at(10)]


def test_what_happened_narrows_the_search_to_refusals(personas, sign_in, march):
    page = search(sign_in(personas.auditor), username="sw", action="refused")
    (refused,) = page.context["entries"]
    assert refused.action == Action.REFUSED
    html = page.content.decode()
    assert "Refused 404 on /children/9" in html
    assert "refused only" in html


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "From must be a real date"),
        ("1", "13", "2025", "From must be a real date"),
        ("1", "", "2025", "From must include a month"),
        ("1", "3", "25", "Year must include 4 numbers"),
    ],
)
def test_an_impossible_date_is_refused_beside_it(personas, sign_in, day, month, year, message):
    response = search(sign_in(personas.auditor), **dates("date_from", day, month, year))
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message) in html
    assert "govuk-error-summary" in html
    assert 'href="#id_date_from' in html
    assert "page" not in response.context


def test_a_range_that_ends_before_it_starts_is_refused(personas, sign_in):
    response = search(
        sign_in(personas.auditor),
        **dates("date_from", "10", "3", "2025"),
        **dates("date_to", "1", "3", "2025"),
    )
    assert response.status_code == 400
    assert escape(TO_BEFORE_FROM) in response.content.decode()


def test_what_happened_alone_is_not_a_search(personas, sign_in):
    response = search(sign_in(personas.auditor), action="read")
    assert response.status_code == 400
    assert escape(SEARCH_NEEDS_A_TERM) in response.content.decode()


def test_the_dates_searched_are_kept_in_the_auditors_own_entry(personas, sign_in, march):
    search(sign_in(personas.auditor), **dates("date_from", "2", "3", "2025"))
    own = AuditEntry.objects.get(action=Action.SEARCH, actor_username="auditor")
    assert own.details["terms"] == {"date_from_0": "2", "date_from_1": "3", "date_from_2": "2025"}


def test_pages_carry_the_range_on(personas, sign_in):
    audit_append([entry(personas.social_worker, at(10)) for _ in range(55)])
    page = search(sign_in(personas.auditor), **dates("date_from", "10", "3", "2025"))
    assert "date_from_0=10" in page.context["next_url"]
    assert "date_from_2=2025" in page.context["export_url"]


# --- Records named in words ------------------------------------------------------------------


def test_records_are_named_by_what_they_are_and_whose(personas, sign_in):
    child = personas.own_child
    referral = ReferralFactory(child=child, team=personas.team, referral_date=at(3).date())
    sw = personas.social_worker
    audit_append(
        [
            entry(
                sw, at(4), object_type="people.person", object_id=str(child.pk), child_id=child.pk
            ),
            entry(
                sw,
                at(4),
                object_type="cases.referral",
                object_id=str(referral.pk),
                child_id=child.pk,
            ),
            entry(sw, at(4), object_type="cases.contact", object_id="999999", child_id=child.pk),
            entry(sw, at(4), object_type="something.new", object_id="7"),
        ]
    )
    page = search(sign_in(personas.auditor), username="sw")
    records = [row.record for row in page.context["rows"]]
    assert records == [
        "something.new 7",
        "Contact 999999 (no longer held)",
        "Referral of Own Child on 3 March 2025",
        "Child record: Own Child",
    ]
    html = page.content.decode()
    assert "Child record: Own Child" in html
    assert "people.person" not in html
    assert "Sw Persona" in html, "the worker behind the account is named"


def test_a_page_of_many_records_is_named_in_a_fixed_number_of_queries(personas, sign_in):
    sw = personas.social_worker
    client = sign_in(personas.auditor)

    def fill(n: int) -> None:
        records = []
        for _ in range(n):
            visit = VisitFactory(child=personas.own_child, visited_by=sw.worker)
            referral = ReferralFactory(child=personas.team_child, team=personas.team)
            records += [
                entry(
                    sw,
                    at(5),
                    object_type="cases.visit",
                    object_id=str(visit.pk),
                    child_id=personas.own_child.pk,
                ),
                entry(
                    sw,
                    at(5),
                    object_type="cases.referral",
                    object_id=str(referral.pk),
                    child_id=personas.team_child.pk,
                ),
            ]
        audit_append(records)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert search(client, username="sw").status_code == 200
        return len(captured)

    fill(2)
    queries()  # the minute's first request also writes the session's last-seen time
    few = queries()
    fill(20)
    assert queries() == few
