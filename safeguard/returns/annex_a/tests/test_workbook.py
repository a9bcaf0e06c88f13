"""The Annex A workbook, opened with openpyxl and read column by column.

The expected headers are written out here from the community specification of Ofsted's
layout (liia-tools-pipeline `annex_a_pipeline/spec/pipeline.yml`, less its merged "LA"
column, with the 2026 rename of "Gender" to "Sex"), not imported from the code under test.
Each list has a hand-built child whose row is worked out by hand below, with the window's
edges and the "in the last 12 months" counts.

The window throughout: 1 April 2025 to 30 September 2025 (six months). Its last day is
the "as at" day; the twelve months up to it start on 1 October 2024; the six months up to
it on 1 April 2025. Children born 1 June 2015 are 10 on 30 September 2025.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from safeguard.cases.models import ChildProtectionConference
from safeguard.cases.tests.factories import (
    AllocationFactory,
    AssessmentFactory,
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ContactFactory,
    InitialConferenceFactory,
    LookedAfterPeriodFactory,
    LookedAfterReviewFactory,
    PlacementFactory,
    ReferralFactory,
    ReviewConferenceFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    VisitFactory,
)
from safeguard.common import codes
from safeguard.organisation.tests.factories import AuthorityFactory, TeamFactory, WorkerFactory
from safeguard.people.models import PersonDisability
from safeguard.people.tests.factories import ChildFactory
from safeguard.returns.annex_a.builder import build_annex_a
from safeguard.returns.annex_a.window import reporting_window

pytestmark = pytest.mark.django_db

WINDOW = reporting_window(date(2025, 4, 1), date(2025, 9, 30))

COMMON = ["Child Unique ID", "Sex", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
ALLOCATED = ["Allocated Team", "Allocated Worker"]
DISABILITY = "Does the Child have a Disability"

PUBLISHED_LAYOUT = {
    "List 1": [*COMMON, "Date of Contact", "Contact Source"],
    "List 2": [
        *COMMON,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    "List 3": [
        *COMMON,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED,
    ],
    "List 4": [
        *COMMON,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATED,
    ],
    "List 5": [
        *COMMON,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATED,
    ],
    "List 6": [
        *COMMON,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOCATED,
    ],
    "List 7": [
        *COMMON,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *ALLOCATED,
    ],
    "List 8": [
        *COMMON,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last "
        "12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
        "months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *ALLOCATED,
    ],
    "List 9": [
        *COMMON,
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        DISABILITY,
        *ALLOCATED,
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
    "List 10": [
        "Child Unique ID",
        "Family identifier",
        "Sex",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        DISABILITY,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
    "List 11": [
        "Individual adopter identifier",
        "Family identifier",
        "Sex",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ],
}

GIRL = ["b) Female", "a) WBRI", datetime(2015, 6, 1), 10]


def on(year: int, month: int, day: int) -> datetime:
    """A date as openpyxl reads a date cell back."""
    return datetime(year, month, day)


@pytest.fixture
def area(calendar: Any) -> Any:
    authority = AuthorityFactory(name="Handshire")
    assessment_team = TeamFactory(authority=authority, name="Assessment Team")
    cin_team = TeamFactory(authority=authority, name="Children in Need Team")
    worker = WorkerFactory(
        authority=authority, team=assessment_team, first_name="Practitioner", last_name="One"
    )

    class Area:
        pass

    area = Area()
    area.authority = authority  # type: ignore[attr-defined]
    area.team = assessment_team  # type: ignore[attr-defined]
    area.cin_team = cin_team  # type: ignore[attr-defined]
    area.worker = worker  # type: ignore[attr-defined]
    return area


def child(la_child_id: str, **kwargs: Any) -> Any:
    return ChildFactory(
        la_child_id=la_child_id,
        date_of_birth=date(2015, 6, 1),
        sex=codes.Sex.FEMALE,
        ethnicity=codes.Ethnicity.WBRI,
        **kwargs,
    )


def workbook(window: Any = WINDOW, authority: Any = None) -> Any:
    output = io.BytesIO()
    build_annex_a(window=window, output=output, authority=authority)
    output.seek(0)
    return load_workbook(output)


def rows(book: Any, sheet: str) -> list[list[Any]]:
    return [list(row) for row in book[sheet].iter_rows(min_row=2, values_only=True)]


def referral(kid: Any, area: Any, on_: date, **kwargs: Any) -> Any:
    return ReferralFactory(child=kid, team=area.team, referral_date=on_, **kwargs)


# --- The layout ------------------------------------------------------------------------------


def test_every_sheet_has_the_published_headers_in_order(area: Any) -> None:
    book = workbook()
    assert book.sheetnames == [f"List {n}" for n in range(1, 12)]
    for sheet, headers in PUBLISHED_LAYOUT.items():
        header_row = [cell.value for cell in book[sheet][1]]
        assert header_row == headers, sheet


def test_lists_with_no_records_keep_their_headers_and_have_no_rows(area: Any) -> None:
    kid = child("EH1")
    ContactFactory(child=kid, received_at=datetime(2025, 5, 1, 9, tzinfo=UTC), team=area.team)
    book = workbook()
    for sheet in ("List 2", "List 9", "List 11"):
        assert book[sheet].max_row == 1, sheet
    assert len(rows(book, "List 1")) == 1


# --- List 1: contacts ------------------------------------------------------------------------


def test_contacts_are_those_received_in_the_window_in_uk_time(area: Any) -> None:
    kid = child("C1")
    # 31 March 2025 23:30 UTC is 00:30 on 1 April in British Summer Time: inside.
    ContactFactory(child=kid, received_at=datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
    # 22:59 UTC is 23:59 on 31 March: outside.
    ContactFactory(child=kid, received_at=datetime(2025, 3, 31, 22, 59, tzinfo=UTC))
    # 30 September 22:59 UTC is 23:59 on the last day: inside; 23:00 UTC is 1 October.
    ContactFactory(
        child=kid,
        received_at=datetime(2025, 9, 30, 22, 59, tzinfo=UTC),
        source=codes.ReferralSource.LA_EARLY_HELP,
    )
    ContactFactory(child=kid, received_at=datetime(2025, 9, 30, 23, 0, tzinfo=UTC))
    unborn = ChildFactory(unborn=True, la_child_id="U1", ethnicity=codes.Ethnicity.NOBT)
    ContactFactory(
        child=unborn,
        received_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
        source=codes.ReferralSource.POLICE,
    )

    assert rows(workbook(), "List 1") == [
        ["C1", *GIRL, on(2025, 4, 1), "e) 2A: Schools"],
        ["U1", "c) Not stated/recorded", "t) NOBT", None, None, on(2025, 6, 2), "q) 6: Police"],
        ["C1", *GIRL, on(2025, 9, 30), "p1) 5D: LA services"],
    ]


def test_a_contact_still_waiting_to_be_matched_is_listed_under_its_reference(area: Any) -> None:
    ContactFactory(
        child=None,
        reference="FD-AB12-CD34",
        team=area.team,
        received_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
        source=codes.ReferralSource.ANONYMOUS,
    )

    [row] = rows(workbook(), "List 1")
    assert row[:5] == ["FD-AB12-CD34", None, None, None, None]
    assert row[5] == on(2025, 6, 2)


def test_dates_are_excel_dates_shown_day_month_year(area: Any) -> None:
    ContactFactory(child=child("D1"), received_at=datetime(2025, 5, 1, 9, tzinfo=UTC))
    sheet = workbook()["List 1"]
    assert sheet["F2"].is_date and sheet["F2"].number_format == "DD/MM/YYYY"
    assert sheet["D2"].is_date and sheet["D2"].number_format == "DD/MM/YYYY"


# --- List 3: referrals -----------------------------------------------------------------------


def test_referrals_in_the_window_with_the_count_of_the_twelve_months_before_each(
    area: Any,
) -> None:
    kid = child("R1")
    closed = {"closure_reason": codes.ReasonForClosure.RC8}
    # Before the window: counted, never listed.
    referral(kid, area, date(2024, 9, 30), closure_date=date(2024, 10, 1), **closed)
    referral(kid, area, date(2024, 10, 1), closure_date=date(2024, 10, 2), **closed)
    # On the window's first day, closed the same day with no further action.
    referral(
        kid,
        area,
        date(2025, 4, 1),
        no_further_action=True,
        closure_date=date(2025, 4, 1),
        source=codes.ReferralSource.POLICE,
        **closed,
    )
    # On its last day, still open.
    referral(kid, area, date(2025, 9, 30))
    # The day after: not listed, and not counted in the rows before it.
    referral(kid, area, date(2025, 10, 1))
    # Allocated to Practitioner One in the assessment team to 30 June, then to the children
    # in need team with no worker yet.
    AllocationFactory(
        child=kid,
        team=area.team,
        worker=area.worker,
        start_date=date(2025, 1, 1),
        end_date=date(2025, 6, 30),
    )
    AllocationFactory(child=kid, team=area.cin_team, worker=None, start_date=date(2025, 7, 1))

    assert rows(workbook(), "List 3") == [
        # 1 April 2025: the twelve months before run from 1 April 2024, so both 2024
        # referrals count; allocated on 1 April (the day it closed).
        [
            "R1",
            *GIRL,
            on(2025, 4, 1),
            "q) 6: Police",
            "a) Yes",
            2,
            "Assessment Team",
            "Practitioner One",
        ],
        # 30 September 2025: from 30 September 2024 (that day included): 3 before it.
        [
            "R1",
            *GIRL,
            on(2025, 9, 30),
            "e) 2A: Schools",
            "b) No",
            3,
            "Children in Need Team",
            None,
        ],
    ]


def test_two_referrals_on_one_day_count_one_before_the_other(area: Any) -> None:
    kid = child("R2")
    referral(kid, area, date(2025, 5, 5))
    referral(kid, area, date(2025, 5, 5))
    counts = [row[8] for row in rows(workbook(), "List 3")]
    assert counts == [0, 1]


# --- List 4: assessments ---------------------------------------------------------------------


def test_assessments_open_in_the_window_as_they_stood_on_its_last_day(area: Any) -> None:
    kid = child("A1")
    PersonDisability.objects.create(person=kid, code=codes.Disability.MOB)
    opened = referral(kid, area, date(2025, 3, 3))
    # Authorised on the window's first day: listed.
    AssessmentFactory(
        referral=opened,
        start_date=date(2025, 3, 3),
        child_seen_date=date(2025, 3, 10),
        authorised_date=date(2025, 4, 1),
        outcome=codes.AssessmentOutcome.CHILD_IN_NEED_PLAN,
    )
    # Authorised the day before the window: not listed.
    AssessmentFactory(
        referral=opened,
        start_date=date(2025, 3, 3),
        authorised_date=date(2025, 3, 31),
        outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
    )
    # Started on the last day, seen and authorised after it: as at the last day, not seen
    # and not authorised, so no outcome yet.
    AssessmentFactory(
        referral=opened,
        start_date=date(2025, 9, 30),
        child_seen_date=date(2025, 10, 1),
        authorised_date=date(2025, 10, 2),
        outcome=codes.AssessmentOutcome.NO_FURTHER_ACTION,
    )
    # Started the day after: not listed.
    AssessmentFactory(referral=opened, start_date=date(2025, 10, 1))
    other = child("A2")
    PersonDisability.objects.create(person=other, code=codes.Disability.NONE)
    AssessmentFactory(
        referral=referral(other, area, date(2025, 6, 2)),
        start_date=date(2025, 6, 2),
        child_seen_date=date(2025, 6, 4),
        authorised_date=date(2025, 7, 1),
        outcome=codes.AssessmentOutcome.EARLY_HELP,
    )

    assert rows(workbook(), "List 4") == [
        [
            "A1",
            *GIRL,
            "a) Yes",
            on(2025, 3, 3),
            "a) Yes",
            on(2025, 4, 1),
            "a) Yes",
            "Assessment Team",
            None,
        ],
        [
            "A2",
            *GIRL,
            "b) No",
            on(2025, 6, 2),
            "a) Yes",
            on(2025, 7, 1),
            "b) No",
            "Assessment Team",
            None,
        ],
        ["A1", *GIRL, "a) Yes", on(2025, 9, 30), "b) No", None, None, "Assessment Team", None],
    ]


# --- List 5: section 47 enquiries -----------------------------------------------------------


def enquiry(kid: Any, area: Any, started: date, **kwargs: Any) -> Any:
    opened = referral(kid, area, started)
    discussion = StrategyDiscussionFactory(referral=opened, discussion_date=started)
    return Section47EnquiryFactory(strategy_discussion=discussion, start_date=started, **kwargs)


def test_section_47_enquiries_with_their_conference_and_the_year_before(area: Any) -> None:
    kid = child("S1")
    earlier = enquiry(
        kid, area, date(2024, 11, 4), completed=True, completed_date=date(2024, 11, 15)
    )
    InitialConferenceFactory(
        section47_enquiry=earlier,
        conference_date=date(2024, 11, 20),
        outcome=codes.ConferenceOutcome.NO_PLAN,
    )
    current = enquiry(kid, area, date(2025, 6, 2), completed=True, completed_date=date(2025, 6, 20))
    InitialConferenceFactory(
        section47_enquiry=current,
        conference_date=date(2025, 6, 23),
        outcome=codes.ConferenceOutcome.PLAN,
    )
    other = child("S2")
    enquiry(
        other,
        area,
        date(2025, 9, 1),
        completed_date=date(2025, 9, 10),
        outcome=codes.Section47Outcome.NOT_SUBSTANTIATED,
        conference_required=False,
    )
    # Open on the last day, conference after it: nothing decided yet as at 30 September.
    late = enquiry(child("S3"), area, date(2025, 9, 30))
    InitialConferenceFactory(section47_enquiry=late, conference_date=date(2025, 10, 14))

    assert rows(workbook(), "List 5") == [
        # The twelve months before 2 June 2025 start on 2 June 2024: the November
        # enquiry and its conference count.
        [
            "S1",
            *GIRL,
            "b) No",
            on(2025, 6, 2),
            "b) No",
            on(2025, 6, 23),
            "a) Yes",
            1,
            1,
            "Assessment Team",
            None,
        ],
        [
            "S2",
            *GIRL,
            "b) No",
            on(2025, 9, 1),
            "a) Yes",
            None,
            None,
            0,
            0,
            "Assessment Team",
            None,
        ],
        [
            "S3",
            *GIRL,
            "b) No",
            on(2025, 9, 30),
            None,
            None,
            None,
            0,
            0,
            "Assessment Team",
            None,
        ],
    ]


# --- List 6: children in need ----------------------------------------------------------------


def test_children_in_need_episodes_with_last_seen_and_status_on_the_last_day(area: Any) -> None:
    open_kid = child("N1")
    opened = referral(open_kid, area, date(2025, 2, 3))
    ChildInNeedPlanFactory(referral=opened, start_date=date(2025, 3, 3))
    cin = codes.VisitKind.CIN_VISIT
    VisitFactory(child=open_kid, kind=cin, visit_date=date(2025, 9, 15))
    VisitFactory(child=open_kid, kind=cin, visit_date=date(2025, 9, 20), not_seen=True)
    VisitFactory(child=open_kid, kind=cin, visit_date=date(2025, 10, 5))
    AllocationFactory(
        child=open_kid, team=area.cin_team, worker=area.worker, start_date=date(2025, 3, 3)
    )

    closed_kid = child("N2")
    referral(
        closed_kid,
        area,
        date(2025, 1, 6),
        primary_need=codes.PrimaryNeed.N4,
        closure_date=date(2025, 4, 1),
        closure_reason=codes.ReasonForClosure.RC7,
    )
    # Closed after the window: open as at its last day, with an assessment under way.
    later_kid = child("N3")
    later = referral(
        later_kid,
        area,
        date(2025, 8, 1),
        closure_date=date(2025, 10, 10),
        closure_reason=codes.ReasonForClosure.RC8,
    )
    AssessmentFactory(referral=later, start_date=date(2025, 8, 1))
    # Only the subject of a referral (no further action), and closed before the window.
    referral(
        child("N4"),
        area,
        date(2025, 5, 1),
        no_further_action=True,
        closure_date=date(2025, 5, 1),
        closure_reason=codes.ReasonForClosure.RC8,
    )
    referral(
        child("N5"),
        area,
        date(2025, 1, 6),
        closure_date=date(2025, 3, 31),
        closure_reason=codes.ReasonForClosure.RC7,
    )

    assert rows(workbook(), "List 6") == [
        [
            "N2",
            *GIRL,
            "b) No",
            on(2025, 1, 6),
            "N4 - Family in acute stress",
            None,
            on(2025, 4, 1),
            "RC7 - Services ended for another reason, including no longer in need",
            "e) Closed episode",
            "Assessment Team",
            None,
        ],
        [
            "N1",
            *GIRL,
            "b) No",
            on(2025, 2, 3),
            "N1 - Abuse, neglect and exploitation",
            on(2025, 9, 15),
            None,
            None,
            "c) Child in need plan",
            "Children in Need Team",
            "Practitioner One",
        ],
        [
            "N3",
            *GIRL,
            "b) No",
            on(2025, 8, 1),
            "N1 - Abuse, neglect and exploitation",
            None,
            None,
            None,
            "d) Open assessment",
            "Assessment Team",
            None,
        ],
    ]


# --- List 7: child protection ----------------------------------------------------------------


def plan(kid: Any, area: Any, started: date, **kwargs: Any) -> Any:
    opened = referral(kid, area, started)
    discussion = StrategyDiscussionFactory(referral=opened, discussion_date=started)
    conference = InitialConferenceFactory(
        section47_enquiry__strategy_discussion=discussion,
        section47_enquiry__start_date=started,
        section47_enquiry__completed_date=started,
        conference_date=started,
    )
    return ChildProtectionPlanFactory(initial_conference=conference, **kwargs)


def test_protection_plans_with_visits_reviews_emergency_protection_and_earlier_plans(
    area: Any,
) -> None:
    kid = child("P1")
    plan(kid, area, date(2023, 1, 9), end_date=date(2023, 12, 1))
    current = plan(
        kid,
        area,
        date(2025, 2, 3),
        initial_category=codes.CategoryOfAbuse.NEG,
        latest_category=codes.CategoryOfAbuse.EMO,
    )
    cp = codes.VisitKind.CP_VISIT
    VisitFactory(child=kid, kind=cp, visit_date=date(2025, 9, 25), seen_alone=False)
    VisitFactory(child=kid, kind=cp, visit_date=date(2025, 10, 1))
    ReviewConferenceFactory(plan=current, conference_date=date(2025, 5, 1))
    ReviewConferenceFactory(plan=current, conference_date=date(2025, 10, 15))
    # Emergency protection that ended the day before the six months up to 30 September.
    period = LookedAfterPeriodFactory(
        child=kid,
        start_date=date(2025, 3, 1),
        end_date=date(2025, 3, 31),
        reason_ceased=codes.ReasonEpisodeCeased.E4A,
    )
    PlacementFactory(period=period, end_date=date(2025, 3, 31), legal_status=codes.LegalStatus.L2)

    protected = child("P2")
    plan(
        protected,
        area,
        date(2025, 1, 6),
        end_date=date(2025, 4, 1),
        initial_category=codes.CategoryOfAbuse.MUL,
        latest_category=codes.CategoryOfAbuse.MUL,
    )
    # Police protection ending on the first day of those six months: inside.
    period = LookedAfterPeriodFactory(
        child=protected,
        start_date=date(2024, 12, 30),
        end_date=date(2025, 4, 1),
        reason_ceased=codes.ReasonEpisodeCeased.E4A,
    )
    PlacementFactory(period=period, end_date=date(2025, 4, 1), legal_status=codes.LegalStatus.L1)
    # A plan that ended the day before the window is not listed.
    plan(child("P3"), area, date(2024, 6, 3), end_date=date(2025, 3, 31))

    assert rows(workbook(), "List 7") == [
        [
            "P2",
            *GIRL,
            "b) No",
            on(2025, 1, 6),
            "e) Multiple/not recommended",
            "e) Multiple/not recommended",
            None,
            None,
            None,
            on(2025, 4, 1),
            "a) Yes",
            0,
            "Assessment Team",
            None,
        ],
        [
            "P1",
            *GIRL,
            "b) No",
            on(2025, 2, 3),
            "a) Neglect",
            "d) Emotional abuse",
            on(2025, 9, 25),
            "b) No",
            on(2025, 5, 1),
            None,
            "b) No",
            1,
            "Assessment Team",
            None,
        ],
    ]


# --- Lists 8 and 10: looked after and adoption -----------------------------------------------


def period_with(kid: Any, started: date, episodes: list[dict[str, Any]], **kwargs: Any) -> Any:
    """A period of care and its SSDA903 episodes, each running to the next one's start."""
    period = LookedAfterPeriodFactory(child=kid, start_date=started, **kwargs)
    for index, episode in enumerate(episodes):
        following = episodes[index + 1]["start_date"] if index + 1 < len(episodes) else None
        PlacementFactory(period=period, end_date=following or kwargs.get("end_date"), **episode)
    return period


def test_looked_after_periods_with_placements_legal_status_and_the_year_before(
    area: Any,
) -> None:
    kid = child("L1")
    # An earlier period in the twelve months up to 30 September 2025.
    period_with(
        kid,
        date(2024, 11, 4),
        [{"start_date": date(2024, 11, 4), "placement_type": codes.PlacementType.U4}],
        end_date=date(2025, 1, 10),
        reason_ceased=codes.ReasonEpisodeCeased.E4A,
    )
    current = period_with(
        kid,
        date(2025, 5, 6),
        [
            {"start_date": date(2025, 5, 6), "postcode": "ZZ99 1AA"},
            # A change of legal status only: the same placement, a new legal status.
            {
                "start_date": date(2025, 7, 1),
                "reason_new_episode": codes.ReasonNewEpisode.L,
                "legal_status": codes.LegalStatus.C1,
                "postcode": "ZZ99 1AA",
            },
            {
                "start_date": date(2025, 8, 1),
                "reason_new_episode": codes.ReasonNewEpisode.P,
                "legal_status": codes.LegalStatus.C1,
                "placement_type": codes.PlacementType.K2,
                "provider": codes.PlacementProvider.PR4,
                "postcode": "ZZ99 2AB",
            },
        ],
        category_of_need=codes.PrimaryNeed.N1,
    )
    LookedAfterReviewFactory(period=current, review_date=date(2025, 6, 1))
    LookedAfterReviewFactory(period=current, review_date=date(2025, 10, 20))
    VisitFactory(child=kid, kind=codes.VisitKind.LAC_VISIT, visit_date=date(2025, 9, 29))
    AllocationFactory(child=kid, team=area.team, worker=area.worker, start_date=date(2025, 5, 6))

    short_breaks = child("L2")
    period_with(
        short_breaks,
        date(2025, 1, 6),
        [{"start_date": date(2025, 1, 6), "legal_status": codes.LegalStatus.V3}],
    )

    adopted = child("L3")
    period_with(
        adopted,
        date(2024, 6, 3),
        [
            {"start_date": date(2024, 6, 3), "legal_status": codes.LegalStatus.C2},
            {
                "start_date": date(2024, 12, 2),
                "reason_new_episode": codes.ReasonNewEpisode.L,
                "legal_status": codes.LegalStatus.E1,
            },
            {
                "start_date": date(2025, 2, 3),
                "reason_new_episode": codes.ReasonNewEpisode.P,
                "legal_status": codes.LegalStatus.E1,
                "placement_type": codes.PlacementType.A5,
            },
        ],
        category_of_need=codes.PrimaryNeed.N1,
        end_date=date(2025, 4, 1),
        reason_ceased=codes.ReasonEpisodeCeased.E11,
    )

    blank_8 = [None] * 4
    # URN, location and LA of placement not recorded; no missing or absent episodes, so no
    # return interview to answer.
    blank_missing = [None, None, None, 0, 0, None, None]
    book = workbook()
    assert rows(book, "List 8") == [
        # L3 came into care before 1 October 2024: not a second period. Placements in the
        # twelve months: the first (to 2 December 2024), then the adoptive one; the change
        # of legal status on 2 December was the same placement.
        [
            "L3",
            *GIRL,
            "b) No",  # not an unaccompanied asylum-seeking child
            "b) No",
            on(2024, 6, 3),
            "N1",
            "b) No",
            on(2024, 12, 2),
            "E1",
            None,
            None,
            *blank_8,
            2,
            on(2025, 4, 1),
            "E11",
            on(2025, 2, 3),
            "A5",
            "PR1",
            None,
            *blank_missing,
            None,
            None,
        ],
        # L1: a second period (the first began 4 November 2024). Placements in the twelve
        # months: the earlier period's, then 6 May and 1 August (1 July was legal status
        # only). C1 since 1 July.
        [
            "L1",
            *GIRL,
            "b) No",  # not an unaccompanied asylum-seeking child
            "b) No",
            on(2025, 5, 6),
            "N1",
            "a) Yes",
            on(2025, 7, 1),
            "C1",
            on(2025, 6, 1),
            on(2025, 9, 29),
            *blank_8,
            3,
            None,
            None,
            on(2025, 8, 1),
            "K2",
            "PR4",
            "ZZ99 2AB",
            *blank_missing,
            "Assessment Team",
            "Practitioner One",
        ],
    ]
    assert rows(book, "List 10") == [
        [
            "L3",
            None,
            *GIRL,
            "b) No",
            on(2024, 6, 3),
            None,
            on(2024, 12, 2),
            None,
            on(2025, 2, 3),
            on(2025, 4, 1),
            None,
            None,
            None,
        ],
    ]


# --- Authority ------------------------------------------------------------------------------


def test_an_authority_gets_only_its_own_children(area: Any) -> None:
    ours = child("O1")
    referral(ours, area, date(2025, 5, 1))
    ContactFactory(child=ours, received_at=datetime(2025, 5, 1, 9, tzinfo=UTC), team=None)
    elsewhere = TeamFactory(name="Elsewhere Team")
    theirs = child("T1")
    ReferralFactory(child=theirs, team=elsewhere, referral_date=date(2025, 5, 1))
    ContactFactory(child=theirs, received_at=datetime(2025, 5, 1, 9, tzinfo=UTC), team=elsewhere)

    book = workbook(authority=area.authority)
    assert [row[0] for row in rows(book, "List 1")] == ["O1"]
    assert [row[0] for row in rows(book, "List 3")] == ["O1"]
    everyone = workbook()
    assert sorted(row[0] for row in rows(everyone, "List 3")) == ["O1", "T1"]


def test_conference_kinds_are_told_apart(area: Any) -> None:
    """A review conference is not an initial conference in the list 5 count."""
    kid = child("K1")
    earlier = plan(kid, area, date(2024, 12, 2))
    ReviewConferenceFactory(plan=earlier, conference_date=date(2025, 3, 3))
    enquiry(kid, area, date(2025, 5, 6))
    row = next(r for r in rows(workbook(), "List 5") if r[6] == on(2025, 5, 6))
    initial = ChildProtectionConference.Kind.INITIAL
    assert ChildProtectionConference.objects.filter(child=kid, kind=initial).count() == 1
    # The 2 December initial conference counts; the 3 March review does not.
    assert row[11] == 1


# --- Text typed as a formula -----------------------------------------------------------------


def test_a_child_team_worker_or_postcode_typed_as_a_formula_is_written_as_text(area: Any) -> None:
    hyperlink = '=HYPERLINK("http://x","y")'
    kid = child("@SUM(A1)")
    area.team.name = hyperlink
    area.team.save()
    area.worker.first_name, area.worker.last_name = "-2+3", "Worker"
    area.worker.save()
    referral(kid, area, date(2025, 5, 5))
    AllocationFactory(child=kid, team=area.team, worker=area.worker, start_date=date(2025, 5, 5))
    period_with(kid, date(2025, 5, 6), [{"start_date": date(2025, 5, 6), "postcode": "+1"}])

    book = workbook()
    formulas = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    [listed] = rows(book, "List 3")
    # Shown as typed, as text; the date, the age and the count stay a date and numbers.
    assert listed == [
        "'@SUM(A1)",
        *GIRL,
        on(2025, 5, 5),
        "e) 2A: Schools",
        "b) No",
        0,
        "'" + hyperlink,
        "'-2+3 Worker",
    ]
    [looked_after] = rows(book, "List 8")
    assert looked_after[0] == "'@SUM(A1)"
    assert "'+1" in looked_after


def test_looked_after_children_have_their_last_health_assessment_and_dental_check(
    area: Any,
) -> None:
    from safeguard.care.models import DentalCheck, HealthAssessment

    kid = child("H1")
    period = period_with(kid, date(2025, 5, 6), [{"start_date": date(2025, 5, 6)}])
    for kind, on_ in (
        ("initial", date(2025, 5, 20)),
        ("review", date(2025, 9, 1)),
        # After the window's last day: not yet "the last" as at 30 September.
        ("review", date(2025, 10, 2)),
    ):
        HealthAssessment.objects.create(
            child=kid, period=period, kind=kind, assessment_date=on_, carried_out_by="Dr A"
        )
    DentalCheck.objects.create(child=kid, period=period, check_date=date(2025, 7, 14))

    book = workbook()
    headers = PUBLISHED_LAYOUT["List 8"]
    [row] = rows(book, "List 8")
    assert row[headers.index("Date of Last Health Assessment")] == on(2025, 9, 1)
    assert row[headers.index("Date of Last Dental Check")] == on(2025, 7, 14)


def test_looked_after_children_have_their_missing_episodes_and_last_return_interview(
    area: Any,
) -> None:
    from safeguard.care.models import MissingEpisode

    kid = child("M1")
    period = period_with(kid, date(2024, 5, 6), [{"start_date": date(2024, 5, 6)}])
    for kind, start, offered, accepted in (
        # Began more than 12 months before 30 September 2025: not counted.
        ("M", date(2024, 9, 30), True, True),
        ("M", date(2025, 3, 2), True, True),
        ("A", date(2025, 6, 1), False, None),
        # The last begun by the window's last day: offered, declined.
        ("M", date(2025, 9, 20), True, False),
        # After the window: not yet.
        ("M", date(2025, 10, 3), None, None),
    ):
        MissingEpisode.objects.create(
            child=kid,
            period=period,
            kind=kind,
            start_date=start,
            end_date=start,
            rhi_offered=offered,
            rhi_accepted=accepted,
            rhi_date=start if accepted else None,
        )

    headers = PUBLISHED_LAYOUT["List 8"]
    [row] = rows(workbook(), "List 8")
    columns = [h for h in headers if "Missing" in h or "Absent" in h or "Return Interview" in h]
    assert [row[headers.index(h)] for h in columns] == [2, 1, "a) Yes", "b) No"]
