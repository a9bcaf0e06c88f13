"""A small hand-built authority for the census of the year ending 31 March 2025.

GA0001  girl born 1 June 2015: referred 6 May 2024 by her school; assessed; section 47
        enquiry from 13 May; initial conference 3 June 2024 and a protection plan
        (neglect, later emotional abuse) reviewed 2 September, ended 6 January 2025; a
        CIN plan until the episode closed on 28 February 2025 (RC7). An earlier plan in
        2019 makes this her second (NumberOfPreviousCPP 1).
GA0002  unborn, due 20 June 2025: referred 10 March 2025 by the health visitor; the
        assessment is still going on 31 March.
GA0003  boy born 15 January 2012, with a learning disability and autism: referred
        1 October 2024, no further action the same day (RC7: RC8 and RC9 are for a case
        closed after an assessment, and query 8825Q asks where there was none).
GA0004  boy born 3 March 2010: referred 3 February 2025; his assessment was authorised
        on 10 April and the episode closed on 1 May 2025, after the year, so on 31 March
        both were still open.
Left out: a child whose only referral closed on 1 March 2024 (before the year), and a
child referred to another authority.
"""

from __future__ import annotations

from datetime import date

from safeguard.cases.tests.factories import (
    AssessmentFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    InitialConferenceFactory,
    ReferralFactory,
    ReviewConferenceFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
)
from safeguard.common import codes
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory
from safeguard.people.identifiers import upn_from_seed
from safeguard.people.models import PersonDisability
from safeguard.people.tests.factories import ChildFactory, UnbornChildFactory


def protection_episode(child, team, *, referral_date, discussion, conference, plan_end, **plan):
    referral = ReferralFactory(child=child, team=team, referral_date=referral_date)
    enquiry = Section47EnquiryFactory(
        strategy_discussion=StrategyDiscussionFactory(
            referral=referral, discussion_date=discussion
        ),
        completed=True,
        completed_date=discussion,
    )
    icpc = InitialConferenceFactory(section47_enquiry=enquiry, conference_date=conference)
    protection = ChildProtectionPlanFactory(initial_conference=icpc, end_date=plan_end, **plan)
    return referral, enquiry, protection


def build_authority():
    authority = AuthorityFactory(la_code="899", name="Goldenshire")
    team = TeamFactory(authority=authority)

    girl = ChildFactory(
        la_child_id="GA0001", upn=upn_from_seed(1, "352"), sex="F", ethnicity="WBRI"
    )
    PersonDisability.objects.create(person=girl, code="NONE")
    earlier, _, _ = protection_episode(
        girl, team, referral_date=date(2019, 1, 7), discussion=date(2019, 1, 8),
        conference=date(2019, 1, 28), plan_end=date(2019, 9, 2),
    )  # fmt: skip
    earlier.closure_date, earlier.closure_reason = date(2019, 9, 30), "RC7"
    earlier.save()
    referral, _, protection = protection_episode(
        girl, team, referral_date=date(2024, 5, 6), discussion=date(2024, 5, 13),
        conference=date(2024, 6, 3), plan_end=date(2025, 1, 6), latest_category="EMO",
    )  # fmt: skip
    AssessmentFactory(
        referral=referral,
        start_date=date(2024, 5, 6),
        submitted_date=date(2024, 6, 12),
        authorised_date=date(2024, 6, 14),
        factors=["16A", "3B"],
    )
    ReviewConferenceFactory(plan=protection, conference_date=date(2024, 9, 2))
    ChildInNeedPlanFactory(
        referral=referral, start_date=date(2025, 1, 6), end_date=date(2025, 2, 28)
    )
    referral.closure_date, referral.closure_reason = date(2025, 2, 28), "RC7"
    referral.save()

    unborn = UnbornChildFactory(la_child_id="GA0002", expected_date_of_birth=date(2025, 6, 20))
    unborn_referral = ReferralFactory(
        child=unborn, team=team, referral_date=date(2025, 3, 10), source="3B"
    )
    AssessmentFactory(referral=unborn_referral, start_date=date(2025, 3, 10))

    boy = ChildFactory(
        la_child_id="GA0003",
        upn=upn_from_seed(3, "352"),
        sex="M",
        ethnicity="MWBC",
        date_of_birth=date(2012, 1, 15),
    )
    for code in ("LD", "AUT"):
        PersonDisability.objects.create(person=boy, code=code)
    ReferralFactory(
        child=boy, team=team, referral_date=date(2024, 10, 1), source="6", primary_need="N5",
        no_further_action=True, closure_date=date(2024, 10, 1), closure_reason="RC7",
    )  # fmt: skip

    later = ChildFactory(
        la_child_id="GA0004",
        upn=upn_from_seed(4, "352"),
        sex="M",
        ethnicity="AIND",
        date_of_birth=date(2010, 3, 3),
    )
    PersonDisability.objects.create(person=later, code="NONE")
    later_referral = ReferralFactory(
        child=later, team=team, referral_date=date(2025, 2, 3), source="1A", primary_need="N4",
        closure_date=date(2025, 5, 1), closure_reason="RC9",
    )  # fmt: skip
    AssessmentFactory(
        referral=later_referral,
        start_date=date(2025, 2, 3),
        submitted_date=date(2025, 4, 8),
        authorised_date=date(2025, 4, 10),
        factors=["4B"],
        outcome=codes.AssessmentOutcome.EARLY_HELP,
    )

    gone = ChildFactory(la_child_id="GA0005")
    ReferralFactory(
        child=gone, team=team, referral_date=date(2024, 1, 8),
        closure_date=date(2024, 3, 1), closure_reason="RC7",
    )  # fmt: skip
    elsewhere = ChildFactory(la_child_id="XX0001")
    ReferralFactory(
        child=elsewhere,
        team=TeamFactory(authority=AuthorityFactory(la_code="898")),
        referral_date=date(2024, 6, 3),
    )
    return authority
