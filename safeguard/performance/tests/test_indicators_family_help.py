"""Family help's indicators on hand-built families, the answers worked out in the comments:
children and families open on the last day, stepped up within 12 months of help ending, and
referrals within 12 months of help that met the family's needs. The drill-down names only
the children the reader may see and counts the others, as every indicator's does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from safeguard.audit.models import AuditEntry
from safeguard.cases.tests.factories import ReferralFactory
from safeguard.family_help.models import EarlyHelpEpisode, EndReason
from safeguard.family_help.tests.factories import (
    EarlyHelpEpisodeFactory,
    FamilyHelpEpisodeFactory,
    LeadPractitionerFactory,
    PartnerOrganisationFactory,
    PartnerUserFactory,
)
from safeguard.people.tests.factories import ChildFactory
from safeguard.performance import queries, selectors
from safeguard.performance.registry import INDICATORS, RE_REFERRAL_MONTHS

from .indicator_runs import APRIL, run

pytestmark = pytest.mark.django_db

YEAR = (date(2024, 4, 1), date(2025, 3, 31))
EVERYONE = ("SELECT id FROM people_person", [])


def family(team: Any, started: date, *, partner: bool = False, ended: date | None = None) -> Any:
    """A family's help from `started`, led by a school's safeguarding lead or a council
    worker (the lead ends with the help)."""
    family_help = FamilyHelpEpisodeFactory(
        team=team,
        started_on=started,
        consent_given_on=started,
        ended_on=ended,
        end_reason=EndReason.NEEDS_MET if ended else "",
    )
    lead: dict[str, Any] = {"end_date": ended}
    if partner:
        organisation = PartnerOrganisationFactory(authority=team.authority)
        lead |= {
            "worker": None,
            "partner_user": PartnerUserFactory(organisation=organisation),
            "organisation_name": organisation.name,
        }
    LeadPractitionerFactory(family_help=family_help, **lead)
    return family_help


def in_help(
    family_help: Any,
    *,
    start: date | None = None,
    end: date | None = None,
    end_reason: str = "",
    child: Any = None,
) -> Any:
    return EarlyHelpEpisodeFactory(
        family_help=family_help,
        child=child or ChildFactory(),
        start_date=start or family_help.started_on,
        end_date=end,
        end_reason=end_reason,
    )


def facts(authority: Any, slug: str, period: tuple[date, date] = APRIL) -> dict[int, Any]:
    rows, hidden = queries.fact_rows(
        INDICATORS[slug],
        queries.Period(*period),
        authority,
        team_id=None,
        numerator_only=False,
        children_sql=EVERYONE,
        limit=None,
    )
    assert hidden == 0
    return {row["child_id"]: row for row in rows}


@pytest.fixture
def families(team_a: Any) -> dict[str, Any]:
    """On 30 April 2025, the last day of April: a partner-led family with two children in
    help, a council-led family with one child still in it and one who left that day, a family
    whose help closed that day and one that starts the day after."""
    partner_led = family(team_a, date(2025, 1, 6), partner=True)
    council_led = family(team_a, date(2025, 2, 3))
    closed = family(team_a, date(2025, 1, 6), ended=date(2025, 4, 30))
    starting = family(team_a, date(2025, 5, 1))
    return {
        "first": in_help(partner_led),
        "second": in_help(partner_led, start=date(2025, 3, 3)),
        "council": in_help(council_led),
        "left": in_help(
            council_led, end=date(2025, 4, 30), end_reason=EndReason.CHILD_LEFT_HOUSEHOLD
        ),
        "closed": in_help(closed, end=date(2025, 4, 30), end_reason=EndReason.NEEDS_MET),
        "starting": in_help(starting),
        "partner_led": partner_led,
        "council_led": council_led,
    }


def test_children_in_family_help_on_the_last_day_and_the_share_led_by_a_partner(
    authority: Any, families: dict[str, Any]
) -> None:
    result = run(authority, "family_help_open")
    # The two children of the partner-led family and the council-led family's remaining
    # child; help ending on the last day is no longer open that day, nor is help starting
    # the day after.
    assert (result.count, result.numerator, result.share) == (3, 2, Decimal("66.7"))
    found = facts(authority, "family_help_open")
    first, second = families["first"], families["second"]
    assert set(found) == {first.child_id, second.child_id, families["council"].child_id}
    # 6 January to 30 April 2025: 25 + 28 + 31 + 30 calendar days.
    assert found[first.child_id]["days"] == 114
    assert found[first.child_id]["category"] == EarlyHelpEpisode.Reason.PARENTING


def test_families_in_family_help_are_counted_once_under_the_child_helped_first(
    authority: Any, families: dict[str, Any]
) -> None:
    result = run(authority, "family_help_families_open")
    assert (result.count, result.numerator) == (2, 1)
    found = facts(authority, "family_help_families_open")
    assert set(found) == {families["first"].child_id, families["council"].child_id}
    assert found[families["first"].child_id]["subject_id"] == families["partner_led"].pk


def test_the_drill_down_names_only_the_children_the_reader_may_see(
    authority: Any, families: dict[str, Any]
) -> None:
    first = families["first"]
    rows, hidden = queries.fact_rows(
        INDICATORS["family_help_open"],
        queries.Period(*APRIL),
        authority,
        team_id=None,
        numerator_only=False,
        children_sql=("SELECT id FROM people_person WHERE id = %s", [first.child_id]),
        limit=None,
    )
    assert [row["child_id"] for row in rows] == [first.child_id]
    assert hidden == 2


def test_stepped_up_within_12_months_of_help_ending(authority: Any, team_a: Any) -> None:
    help_ = family(team_a, date(2024, 1, 8))

    def ended(on: date, reason: str, referred: date | None = None) -> Any:
        episode = in_help(help_, end=on, end_reason=reason)
        if referred is not None:
            ReferralFactory(team=team_a, child=episode.child, referral_date=referred)
        return episode

    stepped_up = ended(date(2024, 6, 10), EndReason.STEPPED_UP)
    # Referred on the 12-month anniversary of the end: within; a day later: not.
    on_anniversary = ended(date(2024, 7, 15), EndReason.NEEDS_MET, date(2025, 7, 15))
    ended(date(2024, 7, 15), EndReason.NEEDS_MET, date(2025, 7, 16))
    # Referred while the help was still open, which then ended another way: not after it.
    ended(date(2024, 8, 1), EndReason.FAMILY_DECLINED, date(2024, 7, 1))
    ended(date(2025, 3, 31), EndReason.MOVED_AWAY)  # the period's last day: counted
    ended(date(2025, 4, 1), EndReason.STEPPED_UP)  # the day after: not in the period

    result = run(authority, "family_help_stepped_up", YEAR)
    assert (result.count, result.numerator, result.value) == (5, 2, Decimal("40.0"))
    found = facts(authority, "family_help_stepped_up", YEAR)
    assert found[stepped_up.child_id]["category"] == "stepped_up"
    assert found[on_anniversary.child_id]["category"] == "referred_within_12_months"
    assert INDICATORS["family_help_stepped_up"].parameters == {
        "re_referral_months": RE_REFERRAL_MONTHS
    }


def test_referrals_within_12_months_of_help_that_met_the_familys_needs(
    authority: Any, team_a: Any
) -> None:
    help_ = family(team_a, date(2024, 1, 8))

    def referred(on: date, help_ended: date | None = None, reason: str = "") -> Any:
        child = ChildFactory()
        if help_ended is not None:
            in_help(help_, child=child, end=help_ended, end_reason=reason)
        return ReferralFactory(team=team_a, child=child, referral_date=on)

    # Help ended needs met on 15 April 2024; referred on its anniversary: within.
    within = referred(date(2025, 4, 15), date(2024, 4, 15), EndReason.NEEDS_MET)
    # Ended a day earlier: the referral is a day past the anniversary.
    referred(date(2025, 4, 15), date(2024, 4, 14), EndReason.NEEDS_MET)
    # Help that ended stepped up is not help that met the family's needs.
    referred(date(2025, 4, 2), date(2025, 4, 1), EndReason.STEPPED_UP)
    # Help that ended needs met after the referral was made.
    referred(date(2025, 4, 10), date(2025, 4, 20), EndReason.NEEDS_MET)
    referred(date(2025, 4, 10))  # never in family help

    result = run(authority, "family_help_re_referrals")
    assert (result.count, result.numerator, result.value) == (5, 1, Decimal("20.0"))
    numerator = [
        c for c, row in facts(authority, "family_help_re_referrals").items() if row["numerator"]
    ]
    assert numerator == [within.child_id]


def test_help_ending_on_29_february_is_within_12_months_of_28_february(
    authority: Any, team_a: Any
) -> None:
    help_ = family(team_a, date(2024, 1, 8))
    child = ChildFactory()
    in_help(help_, child=child, end=date(2024, 2, 29), end_reason=EndReason.NEEDS_MET)
    # 12 months after 29 February 2024 is 28 February 2025 (clamped): within.
    ReferralFactory(team=team_a, child=child, referral_date=date(2025, 2, 28))
    result = run(authority, "family_help_re_referrals", (date(2025, 2, 1), date(2025, 2, 28)))
    assert (result.count, result.numerator) == (1, 1)


def test_a_lead_practitioner_sees_their_familys_children_by_name_and_an_analyst_sees_none(
    calendar: Any, personas: Any
) -> None:
    led = family(personas.family_help_team, date(2025, 1, 6))
    led.lead_user = personas.fhp
    led.save()
    mine = in_help(led)
    # Help another team has oversight of, led by a partner: not the practitioner's to see.
    in_help(family(personas.other_team, date(2025, 1, 6), partner=True))

    def listing(user: Any) -> Any:
        return selectors.indicator_children(
            user=user,
            indicator=INDICATORS["family_help_open"],
            period=queries.Period(*APRIL),
            team=None,
            numerator_only=False,
            request=None,
        )

    seen = listing(personas.fhp)
    assert ([row["child_id"] for row in seen.rows], seen.hidden) == ([mine.child_id], 1)
    assert AuditEntry.objects.filter(actor_id=personas.fhp.pk, child_id=mine.child_id).exists()
    counted = listing(personas.analyst)
    assert (counted.rows, counted.hidden) == ([], 2)
