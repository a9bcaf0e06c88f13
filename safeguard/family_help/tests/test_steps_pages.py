"""Step up and step down as people see them: the front door reads the family's help on the
contact family help made (audited), and the child's chronology tells social care's part and
family help's as one story, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases import extensions
from safeguard.cases.tests.factories import ContactFactory, ReferralFactory
from safeguard.common import codes
from safeguard.family_help import services
from safeguard.family_help.chronology import family_help_chronology
from safeguard.family_help.panels import family_help_record_panel
from safeguard.family_help.services import ChildSteppingDown
from safeguard.family_help.steps import step_up_panel
from safeguard.front_door import extensions as front_door_extensions
from safeguard.front_door import services as front_door
from safeguard.people.models import Person

from .steps_support import family_help_team, family_in_help

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def _contact_page(client, contact):
    page = client.get(reverse("front_door:contact", args=[contact.pk])).content.decode()
    return page.replace("&#x27;", "'")


def test_the_front_door_reads_the_family_help_history_on_a_step_up_contact(personas, sign_in):
    family_help = family_in_help(personas)
    (step_up,) = services.family_help_step_up(
        family_help=family_help,
        child_episodes=list(family_help.children.order_by("pk")[:1]),
        reason="Father moved back in.",
        consent=codes.ContactConsent.GIVEN,
    )

    page = _contact_page(sign_in(personas.front_door_worker), step_up.contact)

    assert step_up_panel in front_door_extensions._contact_panels
    assert 'id="family-help"' in page
    assert "Family help asked children's social care to step in on 14 March 2025" in page
    assert f"{family_help.reference}, since 6 January 2025 (started by the council" in page
    assert "Arguments between the parents in front of Ben" in page
    assert "Mother wants help; father does not engage." in page
    assert "The children feel safe at home" in page
    assert "1 of 2" in page
    assert "Agreed 3 February 2025; reviewed 1 time, last 3 March 2025" in page
    assert "3 February 2025: initial meeting, 1 of 2 asked came" in page
    assert AuditEntry.objects.filter(
        action="read",
        actor_id=personas.front_door_worker.pk,
        object_type="family_help.stepup",
        object_id=str(step_up.pk),
        child_id=personas.own_child.pk,
    ).exists()


def test_the_front_door_sees_the_family_help_its_early_help_decision_started(personas, sign_in):
    contact = ContactFactory(
        team=personas.front_door,
        child=personas.own_child,
        received_at=datetime(2025, 3, 13, 10, 0, tzinfo=LONDON),
    )
    front_door.contact_decision_record(
        contact=contact,
        decision=codes.ContactDecision.EARLY_HELP,
        rationale="Fictional: support with routines.",
        decided_by=personas.front_door_worker.worker,
    )
    family_help = services.family_help_start_from_contact(
        contact=contact,
        team=family_help_team(personas),
        started_on=date(2025, 3, 14),
        consent_given_on=date(2025, 3, 14),
        consent_given_by="Mother",
        reason="parenting",
    )

    page = _contact_page(sign_in(personas.front_door_worker), contact)

    assert (
        f"Family help {family_help.reference} started on 14 March 2025 from this contact's "
        "early help decision" in page
    )


def test_a_contact_family_help_has_nothing_to_do_with_shows_no_panel(personas, sign_in):
    contact = ContactFactory(team=personas.front_door, child=personas.own_child)

    page = _contact_page(sign_in(personas.front_door_worker), contact)

    assert 'id="family-help"' not in page
    assert not AuditEntry.objects.filter(object_type__startswith="family_help").exists()


def test_the_chronology_tells_step_down_and_step_up_as_one_story(personas, sign_in):
    child = personas.own_child
    referral = ReferralFactory(
        child=child,
        team=personas.team,
        referral_date=date(2024, 11, 4),
        closure_date=date(2025, 3, 10),
        closure_reason="RC9",
    )
    family_help = services.family_help_step_down(
        team=family_help_team(personas),
        started_on=date(2025, 3, 11),
        consent_given_on=date(2025, 3, 11),
        consent_given_by="Mother",
        children=[ChildSteppingDown(child, referral, "domestic_abuse")],
        worker=personas.social_worker.worker,
    )
    (step_up,) = services.family_help_step_up(
        family_help=family_help,
        child_episodes=list(family_help.children.all()),
        reason="Father moved back in.",
        consent=codes.ContactConsent.GIVEN,
    )
    front_door.contact_decision_record(
        contact=step_up.contact,
        decision=codes.ContactDecision.REFERRAL,
        rationale="Fictional: risk of significant harm.",
        decided_by=personas.front_door_worker.worker,
        primary_need="N1",
    )

    page = (
        sign_in(personas.social_worker)
        .get(reverse("cases:child_record", args=[child.pk]))
        .content.decode()
        .replace("&#x27;", "'")
    )

    reference = family_help.reference
    story = [
        # Social care's own: the referral that closed, and the contact family help made.
        "Referral",
        f"Stepped down from children's social care to family help {reference}",
        "Closed after assessment, referred to early help",
        f"Family help {reference} asked children's social care to step in (contact "
        f"{step_up.contact.reference})",
        "The front door decided: Referral to children's social care (14 March 2025)",
        f"Family help {reference} ended",
        "Stepped up to children's social care",
    ]
    assert all(line in page for line in story), [line for line in story if line not in page]
    assert family_help_chronology in extensions._chronology_sources


def test_family_help_reads_the_chronology_in_three_queries_whatever_the_history(personas):
    family_help = family_in_help(personas)
    episodes = list(family_help.children.order_by("pk"))
    for _ in range(3):
        (step_up,) = services.family_help_step_up(
            family_help=family_help,
            child_episodes=episodes[:1],
            reason="Fictional worry.",
            consent=codes.ContactConsent.GIVEN,
        )
        front_door.contact_decision_record(
            contact=step_up.contact,
            decision=codes.ContactDecision.EARLY_HELP,
            rationale="Fictional: stays with family help.",
            decided_by=personas.front_door_worker.worker,
        )

    with CaptureQueriesContext(connection) as queries:
        events = list(family_help_chronology(personas.social_worker, personas.own_child))

    # Whether the child had family help (the tables registered with the record, read in one
    # statement when the record has not read them: `selectors.had_family_help`), then the
    # episodes and the step ups.
    assert len(queries) == 3
    assert [e.title.split(" (")[0] for e in events].count(
        f"Family help {family_help.reference} asked children's social care to step in"
    ) == 3


def test_a_child_who_never_had_family_help_costs_the_record_one_query(personas):
    child = Person.objects.get(pk=personas.other_child.pk)
    with CaptureQueriesContext(connection) as queries:
        assert family_help_chronology(personas.social_worker, child) == []
        family_help_record_panel(personas.social_worker, child, date(2025, 3, 14))
        family_help_chronology(personas.social_worker, child)

    # The tables registered with the record once (on the record itself, none: read with its
    # own), kept on the child for the panel and the chronology: no episode or step up read.
    assert sum("'family_help_episodes'" in q["sql"] for q in queries) == 1
    assert not [
        q
        for q in queries
        if '"family_help_earlyhelpepisode"."' in q["sql"] or "family_help_stepup" in q["sql"]
    ]
