"""A small hand-built authority for the SSDA903 return of the year ending 31 March 2026.

LA0001  girl born 10 May 2012, looked after since 2 September 2024 (N1): foster care under
        section 20, an interim care order from 14 April 2025 (a new episode, same placement),
        a move to a children's home on 1 July 2025 (CHILD asked); reviews in the year on
        12 May and 10 November 2025; an SDQ of 14, a dental check, a health assessment and
        immunisations up to date: looked after 12 months at 31 March, so in OC2.
LA0002  boy born 3 March 2023, looked after from 5 January 2026 (not 12 months: no OC2).
Left out: a child whose care ended on 20 March 2025, before the year.
"""

from __future__ import annotations

from datetime import date

from safeguard.care.models import DentalCheck, HealthAssessment, ImmunisationStatus, SdqScore
from safeguard.cases.tests.factories import (
    LookedAfterPeriodFactory,
    LookedAfterReviewFactory,
    PlacementFactory,
    ReferralFactory,
)
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory
from safeguard.people.tests.factories import ChildFactory


def build_authority():
    authority = AuthorityFactory(la_code="899", name="Goldenshire")
    team = TeamFactory(authority=authority)

    girl = ChildFactory(
        la_child_id="LA0001", sex="F", ethnicity="WBRI", date_of_birth=date(2012, 5, 10)
    )
    ReferralFactory(child=girl, team=team, referral_date=date(2024, 8, 1))
    period = LookedAfterPeriodFactory(
        child=girl, start_date=date(2024, 9, 2), home_postcode="nb12 3xy"
    )
    PlacementFactory(
        period=period, end_date=date(2025, 4, 14), postcode="NB4 5AB"
    )  # before the year
    PlacementFactory(
        period=period, start_date=date(2025, 4, 14), end_date=date(2025, 7, 1),
        reason_new_episode="L", legal_status="C1", postcode="NB4 5AB",
        reason_place_change="CHILD", move_planned=False,
    )  # fmt: skip
    PlacementFactory(
        period=period, start_date=date(2025, 7, 1), reason_new_episode="P",
        legal_status="C1", placement_type="K2", provider="PR4", postcode="NB7 1CD",
        urn="SC123456",
    )  # fmt: skip
    for day in (date(2025, 5, 12), date(2025, 11, 10)):
        LookedAfterReviewFactory(period=period, child=girl, review_date=day, participation="PN1")
    SdqScore.objects.create(child=girl, period=period, completed_on=date(2025, 6, 1), score=14)
    DentalCheck.objects.create(child=girl, period=period, check_date=date(2025, 8, 1))
    HealthAssessment.objects.create(
        child=girl, period=period, kind="review", assessment_date=date(2025, 9, 1),
        carried_out_by="LAC nurse",
    )  # fmt: skip
    ImmunisationStatus.objects.create(
        child=girl, period=period, recorded_on=date(2025, 9, 1), up_to_date=True
    )

    boy = ChildFactory(la_child_id="LA0002", sex="M", date_of_birth=date(2023, 3, 3))
    ReferralFactory(child=boy, team=team, referral_date=date(2025, 12, 1))
    PlacementFactory(period=LookedAfterPeriodFactory(child=boy, start_date=date(2026, 1, 5)))

    gone = ChildFactory(la_child_id="LA0003")
    ReferralFactory(child=gone, team=team, referral_date=date(2024, 6, 1))
    PlacementFactory(
        period=LookedAfterPeriodFactory(
            child=gone, start_date=date(2024, 7, 1), end_date=date(2025, 3, 20),
            reason_ceased="E4A",
        ),
        end_date=date(2025, 3, 20),
    )  # fmt: skip
    return authority
