"""The child record page: what it shows, its filters, its audit entry, its queries, its access."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.access.models import Alert
from safeguard.audit.models import AuditEntry
from safeguard.cases import extensions
from safeguard.cases.chronology_pages import EVENTS_PER_PAGE
from safeguard.cases.models import ManagementDecision
from safeguard.cases.tests.factories import (
    AssessmentFactory,
    CaseNoteFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    CoreGroupMeetingFactory,
    ReferralFactory,
    VisitFactory,
)
from safeguard.common import codes
from safeguard.common.tests.compiling import AUDIT_APPEND, sql_compiled
from safeguard.people.models import PersonDisability
from safeguard.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    RelationshipFactory,
    ResidenceFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Every query one view of the record makes, whatever the size of the case: signing in (the
# session, and the user with their two-factor device, worker and session epoch in one query),
# need to know, the audit entry, one read per table of the record, the workers named on it,
# and the hub's panels. Lower it when the page gets cheaper; never raise it to let a page read
# row by row.
CHILD_RECORD_QUERIES = 20


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    """Noon on Friday 14 March 2025."""
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def record_url(child: Any, **params: Any) -> str:
    url = reverse("cases:child_record", args=[child.pk])
    query = "&".join(f"{k}={v}" for k, values in params.items() for v in values)
    return f"{url}?{query}" if query else url


def build_case(personas: Any, child: Any, *, size: int) -> None:
    """A child on a protection plan since 3 February 2025, with `size` of each repeated
    thing: visits, case notes, management decisions, contacts, relatives, household."""
    worker = personas.social_worker.worker
    manager = personas.team_manager.worker
    police_contact = ContactFactory(
        child=child,
        team=personas.front_door,
        source=codes.ReferralSource.POLICE,
        referrer="PC Example, public protection unit",
        concerns="Police were called to the home.",
        referred=True,
    )
    referral = ReferralFactory(child=child, team=personas.team, contact=police_contact)
    AssessmentFactory(referral=referral, worker=worker, authorised=True, authorised_by=manager)
    plan = ChildProtectionPlanFactory(
        initial_conference__section47_enquiry__strategy_discussion__referral=referral
    )
    CoreGroupMeetingFactory(plan=plan, notes="First core group.")
    home = AddressFactory(line_1="1 Example Street")
    ResidenceFactory(person=child, address=home, start_date=date(2016, 3, 1))
    for i in range(size):
        VisitFactory(
            child=child,
            visit_date=date(2025, 2, 4) + timedelta(days=i),
            visited_by=worker,
            notes=f"Visit notes {i}.",
        )
        CaseNoteFactory(
            child=child,
            written_by=worker,
            event_date=date(2025, 2, 20) + timedelta(days=i),
            subject=f"Call with school {i}",
            body=f"The school called about attendance {i}.",
        )
        ManagementDecision.objects.create(
            child=child,
            kind=ManagementDecision.Kind.ALLOCATION,
            decision=f"Allocated to Sw Persona {i}",
            rationale=f"Continuity with the family {i}.",
            decided_by=manager,
            decided_at=datetime(2025, 1, 7, 9, i, tzinfo=UTC),
            subject_type="cases.allocation",
            subject_id=i + 1,
        )
        ContactFactory(
            child=child,
            team=personas.front_door,
            received_at=datetime(2025, 3, 1, 10, i, tzinfo=UTC),
            concerns=f"School worried {i}.",
        )
        parent = AdultFactory(first_name=f"Parent{i}", last_name="Adult")
        RelationshipFactory(person=parent, relative=child, has_parental_responsibility=i == 0)
        ResidenceFactory(person=parent, address=home, start_date=date(2016, 3, 1))


def rows(html: str, table_id: str) -> list[str]:
    """The text of each body row of the table captioned `table_id`, tags stripped."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [" ".join(re.sub(r"<[^>]+>", " ", "<tr" + row).split()) for row in body.split("<tr")[1:]]


def caption(html: str, caption_id: str) -> str:
    """The text of the caption with this id, tags stripped."""
    text = html.split(f'id="{caption_id}"', 1)[1].split(">", 1)[1].split("</caption>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@pytest.fixture
def case(personas: Any) -> Any:
    build_case(personas, personas.own_child, size=1)
    return personas.own_child


def test_the_record_shows_who_the_child_is(personas, sign_in, case):
    case.nhs_number = "9434765919"
    case.upn = "H801200001001"
    case.ethnicity = codes.Ethnicity.WBRI
    case.save()
    PersonDisability.objects.create(person=case, code=codes.Disability.AUT)
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    for text in (
        "Own Child",
        "1 March 2016",
        '<dd class="govuk-summary-list__value">9</dd>',
        "White British",
        "Autism",
        "943 476 5919",
        "H801200001001",
        "POwn",
    ):
        assert text in html


def test_the_record_shows_the_household_addresses_and_allocation(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    assert rows(html, "relatives-caption") == ["Parent0 Adult Parent Yes 14 February 1990 Current"]
    assert rows(html, "household-caption") == [
        "Parent0 Adult Parent 14 February 1990 1 Example Street, Testtown, "
        + case.residences.get().address.postcode
    ]
    assert "1 Example Street" in rows(html, "addresses-caption")[0]
    assert "Sw Persona" in html and "Team A" in html and "0100 000 0001" in html


def test_who_else_lives_at_a_refuge_is_never_shown(personas, sign_in):
    child = personas.own_child
    refuge = AddressFactory(line_1="Refuge Road")
    ResidenceFactory(person=child, address=refuge, kind=codes.AddressKind.REFUGE)
    ResidenceFactory(person=AdultFactory(first_name="Other", last_name="Family"), address=refuge)
    moved_out = AdultFactory(first_name="Moved", last_name="Out")
    ResidenceFactory(person=moved_out, address=refuge, end_date=date(2020, 1, 1))
    html = sign_in(personas.social_worker).get(record_url(child)).content.decode()
    assert "Other Family" not in html and "Moved Out" not in html
    assert "Other people at a refuge address are not shown." in html
    assert "Do not disclose" in rows(html, "addresses-caption")[0]


def test_the_household_is_who_lives_at_the_childs_current_address_now(personas, sign_in):
    child = personas.own_child
    old_home, home = AddressFactory(line_1="Old Street"), AddressFactory(line_1="New Street")
    ResidenceFactory(person=child, address=old_home, end_date=date(2024, 1, 1))
    ResidenceFactory(person=child, address=home, start_date=date(2024, 1, 2))
    ResidenceFactory(person=AdultFactory(first_name="Still", last_name="There"), address=old_home)
    ResidenceFactory(person=AdultFactory(first_name="Lives", last_name="Here"), address=home)
    ResidenceFactory(
        person=AdultFactory(first_name="Left", last_name="Before"),
        address=home,
        end_date=date(2025, 1, 1),
    )
    html = sign_in(personas.social_worker).get(record_url(child)).content.decode()
    household = rows(html, "household-caption")
    assert len(household) == 1 and household[0].startswith("Lives Here Not recorded")
    addresses = rows(html, "addresses-caption")
    assert [a.split(",")[0] for a in addresses] == ["New Street", "Old Street"]
    assert "Other people at a refuge address are not shown." not in html


def test_the_record_shows_the_open_plan_and_its_category(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    episodes = html.split('id="episodes"', 1)[1].split('id="timeline"', 1)[0]
    assert "Referral" in episodes and "Open since 6 January 2025" in episodes
    assert "Child protection plan" in episodes
    assert "Since 3 February 2025" in episodes and "Category: Neglect" in episodes


def test_the_statutory_timeline_shows_each_clock_with_its_status_in_words(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    history = rows(html, "timeline-caption")
    assert (
        "Initial child protection conference 13 January 2025 3 February 2025 3 February 2025 "
        "Met in time" in history
    )
    # The only visit was on 4 February: the next was due 10 working days later.
    due_now = rows(html, "due-now-caption")
    assert "Child protection plan visit 4 February 2025 18 February 2025 Overdue" in due_now
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--green">Met in time</strong>' in html
    assert "First child protection review conference" in html


def test_overdue_clocks_and_unread_alerts_for_this_user_are_shown_as_alerts(
    personas, sign_in, case
):
    Alert.objects.create(
        recipient=personas.social_worker, kind="test", message="Unread alert for you", child=case
    )
    Alert.objects.create(
        recipient=personas.team_manager, kind="test", message="Someone else's", child=case
    )
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    alerts = html.split('id="alerts-title"', 1)[1].split('id="contents-title"', 1)[0]
    assert "Unread alert for you" in alerts
    assert "Someone else&#x27;s" not in html
    assert "statutory timescales are overdue" in alerts
    assert 'href="#due-now">See what is due now</a>' in alerts  # listed there, once
    assert "Child protection plan visit 4 February 2025 18 February 2025 Overdue" in rows(
        html, "due-now-caption"
    )


def test_unread_alerts_are_shown_newest_first_and_read_ones_not_at_all(personas, sign_in, case):
    for day, message in ((3, "Older alert"), (10, "Newer alert"), (12, "Read alert")):
        alert = Alert.objects.create(
            recipient=personas.social_worker, kind="test", message=message, child=case
        )
        created = datetime(2025, 3, day, 9, 30, tzinfo=LONDON)
        read = created if message == "Read alert" else None
        Alert.objects.filter(pk=alert.pk).update(created_at=created, read_at=read)
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    alerts = html.split('id="alerts-title"', 1)[1].split('id="contents-title"', 1)[0]
    assert alerts.index("Newer alert") < alerts.index("Older alert")
    assert "(10 March 2025, 09:30)" in alerts
    assert "Read alert" not in html


def test_the_chronology_lists_every_event_newest_first(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    events = rows(html, "chronology-caption")
    dates = [datetime.strptime(" ".join(e.split()[:3]), "%d %B %Y").date() for e in events]
    assert dates == sorted(dates, reverse=True)
    text = " | ".join(events)
    for expected in (
        "Contact from Police",
        "Referral opened",
        "Assessment started",
        "Assessment authorised",
        "Strategy discussion",
        "Section 47 enquiry started",
        "Initial child protection conference",
        "Child protection plan started",
        "Core group meeting",
        "Child protection visit",
        "Call with school 0",
        "Allocated to Sw Persona, Team A",
    ):
        assert expected in text, expected


def test_a_management_decision_shows_its_rationale_who_and_when(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    decision = next(e for e in rows(html, "chronology-caption") if "Allocated to Sw Persona 0" in e)
    assert decision == (
        "7 January 2025 Allocation Allocated to Sw Persona 0 Rationale: Continuity with the "
        "family 0. Management decision Children's social care Tm Persona, 09:00"
    ).replace("Children's", "Children&#x27;s")


def test_case_notes_are_shown_in_full_and_linked_from_the_chronology(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    note = case.case_notes.get()
    assert f'href="#case-note-{note.pk}"' in html
    assert f'id="case-note-{note.pk}"' in html
    assert "The school called about attendance 0." in html


def test_the_chronology_filters_by_type(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case, type=["visit"])).content.decode()
    events = rows(html, "chronology-caption")
    assert len(events) == 1 and "Child protection visit" in events[0]
    assert 'value="visit" checked' in html


def test_the_chronology_filters_by_agency(personas, sign_in, case):
    client = sign_in(personas.social_worker)
    police = rows(
        client.get(record_url(case, agency=["police"])).content.decode(), "chronology-caption"
    )
    titles = [e.split(" ", 3)[3] for e in police]
    assert [t.split(" ", 2)[:2] for t in titles] == [
        ["Strategy", "discussion"],  # "police" is among the agencies present
        ["Contact", "from"],
    ]
    assert "Police were called to the home." in titles[1]
    both = rows(
        client.get(
            record_url(case, agency=["police", "education"], type=["contact"])
        ).content.decode(),
        "chronology-caption",
    )
    assert len(both) == 2  # the police contact and the school's contact


def test_a_filter_that_is_not_on_the_list_is_a_bad_request_with_an_error_summary(
    personas, sign_in, case
):
    response = sign_in(personas.social_worker).get(record_url(case, type=["gossip"]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Select types of event from the list" in html
    assert len(rows(html, "chronology-caption")) > 1  # the unfiltered chronology still shows


def test_actions_link_to_the_pages_the_user_may_use(personas, sign_in, case):
    html = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    assert reverse("cases:visit_record", args=[case.pk]) in html
    assert reverse("cases:case_note_add", args=[case.pk]) in html


def test_actions_follow_the_users_permissions_and_the_state_of_the_case(personas, sign_in, case):
    allocate = reverse("cases:allocate", args=[case.pk])
    referral = case.referrals.get()
    discuss = reverse("cases:strategy_discussion_record", args=[referral.pk])
    worker = sign_in(personas.social_worker).get(record_url(case)).content.decode()
    assert discuss in worker and allocate not in worker  # allocating is a manager's decision
    manager = sign_in(personas.team_manager).get(record_url(case)).content.decode()
    assert allocate in manager
    assert reverse("cases:referral_open", args=[case.pk]) not in worker  # one is open
    # The referral's assessment is authorised and the child is on a plan: no second
    # assessment, and the referral cannot close while the plan is open.
    assert reverse("cases:assessment_start", args=[referral.pk]) not in manager
    assert reverse("cases:referral_close", args=[referral.pk]) not in manager


def test_one_page_view_writes_exactly_one_audit_entry(personas, sign_in, case):
    sign_in(personas.social_worker).get(record_url(case))
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.child_id, entry.actor_id) == (
        "read",
        case.pk,
        personas.social_worker.pk,
    )


def test_the_page_makes_the_same_number_of_queries_for_a_case_ten_times_the_size(
    personas, sign_in, django_assert_num_queries
):
    build_case(personas, personas.own_child, size=2)
    build_case(personas, personas.team_child, size=20)
    client = sign_in(personas.social_worker)
    client.get(record_url(personas.own_child))  # warm the session and the user
    with CaptureQueriesContext(connection) as small:
        assert client.get(record_url(personas.own_child)).status_code == 200
    with django_assert_num_queries(len(small)):
        response = client.get(record_url(personas.team_child))
    html = response.content.decode()
    # Every event is read (the caption counts them), a page of them is shown.
    assert int(caption(html, "chronology-caption").split()[0]) > 80
    assert len(rows(html, "chronology-caption")) == EVENTS_PER_PAGE
    with django_assert_num_queries(len(small)):  # another page of the chronology: the same
        client.get(record_url(personas.team_child, chronology_page=["3"]))
    assert len(small) <= CHILD_RECORD_QUERIES, len(small)


def test_the_page_is_not_cached(personas, sign_in, case):
    response = sign_in(personas.social_worker).get(record_url(case))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("user", "child", "status"),
    [
        ("social_worker", "own_child", 200),
        ("social_worker", "team_child", 200),
        ("team_manager", "own_child", 200),
        ("other_worker", "own_child", 404),
        ("auditor", "own_child", 403),
        ("analyst", "own_child", 403),
        ("system_administrator", "own_child", 403),
        ("social_worker", "restricted_child", 404),
        ("team_manager", "restricted_child", 200),
    ],
)
def test_who_may_open_the_record(personas, sign_in, user, child, status):
    response = sign_in(getattr(personas, user)).get(record_url(getattr(personas, child)))
    assert response.status_code == status
    reads = AuditEntry.objects.filter(action="read").count()
    assert reads == (1 if status == 200 else 0)


def test_a_child_that_does_not_exist_is_not_found(personas, sign_in):
    response = sign_in(personas.social_worker).get(reverse("cases:child_record", args=[999999]))
    assert response.status_code == 404


def test_a_second_view_compiles_no_sql(personas, sign_in):
    # Every section, panel and chronology source runs statements compiled on the first view
    # (`common.compiled`), whoever registered it through `cases.extensions`.
    build_case(personas, personas.own_child, size=2)
    build_case(personas, personas.team_child, size=2)
    client = sign_in(personas.social_worker)
    assert client.get(record_url(personas.own_child)).status_code == 200
    with sql_compiled() as callers:
        assert client.get(record_url(personas.team_child)).status_code == 200
    assert [c for c in callers if c not in AUDIT_APPEND] == []


# What the other apps' panels and chronology sources ask of the record of a child with none
# of their rows, beyond the tables they read with the record's own (`record_tables`): nothing
# (the social worker may start family help, and its step-down referrals come with the record).
OTHER_APPS_QUERIES = 0


def test_other_apps_add_no_query_to_the_record(personas, sign_in, monkeypatch):
    build_case(personas, personas.own_child, size=2)
    client = sign_in(personas.social_worker)
    client.get(record_url(personas.own_child))  # warm the session and the user
    with CaptureQueriesContext(connection) as everything:
        assert client.get(record_url(personas.own_child)).status_code == 200
    for registry in ("_chronology_sources", "_record_panels", "_timeline_sources"):
        monkeypatch.setattr(extensions, registry, [])
    with CaptureQueriesContext(connection) as own:
        assert client.get(record_url(personas.own_child)).status_code == 200
    assert len(everything) - len(own) == OTHER_APPS_QUERIES, [
        q["sql"][:80] for q in everything.captured_queries
    ]
