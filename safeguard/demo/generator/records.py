"""Plain in-memory rows, one class per table, filled by the stages and written in bulk.

Rows refer to each other by object, not by id: ids are handed out once the generator knows
which children it keeps (see `writing.assign_ids`). Fields that name a worker are filled by
`staffing.name_workers` after the workforce exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .health import HealthRow
    from .missing import MissingRow

# --- Organisation -------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class WorkerRow:
    first_name: str
    last_name: str
    role: str
    team: TeamRow | None
    started_on: date
    left_on: date | None = None
    full_time_equivalent: float = 1.0
    is_agency: bool = False
    registration_number: str = ""
    id: int = 0


@dataclass(slots=True, eq=False)
class ServiceRow:
    name: str
    head: WorkerRow | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class TeamRow:
    name: str
    kind: str
    service: ServiceRow
    manager: WorkerRow | None = None
    phone: str = ""
    email: str = ""
    id: int = 0


# --- People -------------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class PersonRow:
    first_name: str
    last_name: str
    date_of_birth: date | None
    sex: str
    ethnicity: str
    is_child: bool
    expected_date_of_birth: date | None = None
    known_as: str = ""
    nhs_number: str | None = None
    upn: str = ""
    upn_unknown_reason: str = ""
    la_child_id: str | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class DisabilityRow:
    person: PersonRow
    code: str


@dataclass(slots=True, eq=False)
class AddressRow:
    line_1: str
    postcode: str
    line_2: str = ""
    id: int = 0


@dataclass(slots=True, eq=False)
class ResidenceRow:
    person: PersonRow
    address: AddressRow
    kind: str
    start_date: date
    end_date: date | None = None


@dataclass(slots=True, eq=False)
class RelationshipRow:
    person: PersonRow
    relative: PersonRow
    kind: str
    has_parental_responsibility: bool
    start_date: date | None = None


# --- Case record --------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class ContactRow:
    received_at: datetime
    source: str
    referrer: str
    concerns: str
    decision: str = ""
    decided_at: datetime | None = None
    decision_rationale: str = ""
    team: TeamRow | None = None
    decided_by: WorkerRow | None = None
    route: str = "phone"
    # Who sent it (by source: a school's safeguarding lead, a neighbour...); routes, consent
    # and urgency are filled by `front_door.give_routes`.
    referrer_role: str = ""
    referrer_organisation: str = ""
    referrer_relationship: str = ""
    referrer_anonymous: bool = False
    referrer_phone: str = ""
    referrer_email: str = ""
    consent: str = "unknown"
    consent_reason: str = ""
    urgency: str = "routine"
    # The front door's working record, filled for the contacts waiting at the as-of date
    # (`front_door.open_front_door`).
    actions_taken: str = ""
    consent_override_reason: str = ""
    consent_overridden_at: datetime | None = None
    consent_overridden_by: WorkerRow | None = None
    rag: str = ""
    # What the sender said (None: nothing beyond the child's record; saves memory at scale 1).
    child_as_described: dict[str, object] | None = None
    household_as_described: list[dict[str, object]] | None = None
    address_line: str = ""
    postcode: str = ""
    id: int = 0


@dataclass(slots=True, eq=False)
class ContactRatingRow:
    """One RAG rating of a waiting contact by the front door's manager
    (front_door.ContactRating)."""

    contact: ContactRow
    rating: str
    reason: str
    rated_by: WorkerRow
    rated_at: datetime


@dataclass(slots=True, eq=False)
class InformationRequestRow:
    """A multi-agency check asked of a demo partner (front_door.InformationRequest); the
    partner's id is filled in once the partners exist (`demo.partners`)."""

    contact: ContactRow
    agency: str
    asked_of: str
    question: str
    requested_at: datetime
    requested_by: WorkerRow
    answer: str = ""
    answered_at: datetime | None = None
    answered_by: str = ""
    recorded_by: WorkerRow | None = None


@dataclass(slots=True, eq=False)
class ReferrerFeedbackRow:
    """What the sender was told (front_door.ReferrerFeedback)."""

    contact: ContactRow
    outcome: str
    method: str
    given_at: datetime
    given_by: WorkerRow


@dataclass(slots=True, eq=False)
class ReferralRow:
    contact: ContactRow | None
    referral_date: date
    source: str
    primary_need: str
    no_further_action: bool = False
    closure_date: date | None = None
    closure_reason: str = ""
    team: TeamRow | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class AssessmentRow:
    referral: ReferralRow
    start_date: date
    child_seen_date: date | None = None
    submitted_date: date | None = None
    authorised_date: date | None = None
    factors: list[str] = field(default_factory=list)
    outcome: str = ""
    # The written assessment by section (`rules.ASSESSMENT_SECTIONS`), once submitted.
    sections: dict[str, str] = field(default_factory=dict)
    worker: WorkerRow | None = None
    authorised_by: WorkerRow | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class StrategyDiscussionRow:
    referral: ReferralRow
    discussion_date: date
    section47_started: bool
    agencies_present: str
    rationale: str
    id: int = 0


@dataclass(slots=True, eq=False)
class EnquiryRow:
    referral: ReferralRow
    strategy_discussion: StrategyDiscussionRow
    start_date: date
    completed_date: date | None = None
    outcome: str = ""
    conference_required: bool | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class ConferenceRow:
    kind: str
    referral: ReferralRow
    conference_date: date
    outcome: str
    enquiry: EnquiryRow | None = None
    plan: PlanRow | None = None
    # Which independent chair: the same number through a plan, so one chair follows the child.
    chair_key: int = 0
    chair: WorkerRow | None = None
    # Who took part, and the plan and dates it set (`conferences.record_conferences`).
    agencies_present: str = ""
    reports_from: str = ""
    attendees: str = ""
    parents_participation: str = ""
    child_participation: str = ""
    plan_outline: str = ""
    next_core_group_date: date | None = None
    next_review_date: date | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class PlanRow:
    referral: ReferralRow
    initial_conference: ConferenceRow
    start_date: date
    initial_category: str
    latest_category: str
    end_date: date | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class CoreGroupRow:
    plan: PlanRow
    meeting_date: date
    notes: str


@dataclass(slots=True, eq=False)
class CinPlanRow:
    referral: ReferralRow
    start_date: date
    end_date: date | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class CinReviewRow:
    plan: CinPlanRow
    review_date: date


@dataclass(slots=True, eq=False)
class VisitRow:
    kind: str
    visit_date: date
    child_seen: bool
    seen_alone: bool
    not_seen_reason: str
    notes: str
    visited_by: WorkerRow | None = None
    # When the visit was written up (`write_ups.time_write_ups`).
    recorded_at: datetime | None = None


@dataclass(slots=True, eq=False)
class CaseNoteRow:
    event_date: date
    subject: str
    body: str
    written_by: WorkerRow | None = None
    # When the note was written (`write_ups.time_write_ups`).
    recorded_at: datetime | None = None


@dataclass(slots=True, eq=False)
class CarePeriodRow:
    start_date: date
    category_of_need: str
    end_date: date | None = None
    reason_ceased: str = ""
    id: int = 0
    # The day the first care plan was agreed (None: not yet); the home's postcode when care
    # began (filled by the people stage).
    care_plan_date: date | None = None
    home_postcode: str = ""


@dataclass(slots=True, eq=False)
class PlacementRow:
    period: CarePeriodRow
    start_date: date
    reason_new_episode: str
    legal_status: str
    placement_type: str
    provider: str
    postcode: str
    end_date: date | None = None
    # Why the placement ended in a move, and whether the move was planned.
    reason_place_change: str = ""
    move_planned: bool | None = None
    # The provider's Ofsted URN, where Ofsted registers it (`providers.give_placements_urns`).
    urn: str = ""
    # What the placement is meant to be, which sets its visits (`care._visiting_plans`).
    visiting_plan: str = "standard"
    six_monthly_visits_agreed: bool = False


@dataclass(slots=True, eq=False)
class CareReviewRow:
    period: CarePeriodRow
    review_date: date
    participation: str
    iro_recommendations: str = ""
    # Which IRO follows the child (as a conference's `chair_key`); named by the staffing stage.
    iro_key: int = 0
    iro: WorkerRow | None = None


@dataclass(slots=True, eq=False)
class AllocationRow:
    team: TeamRow
    worker: WorkerRow | None
    start_date: date
    end_date: date | None
    reason: str
    allocated_by: WorkerRow | None


@dataclass(slots=True, eq=False)
class Segment:
    """A stretch of a case held by one kind of team: the plan for an allocation, before the
    workforce exists. `needs_worker` is False while the case waits, allocated to the team."""

    start: date
    kind: str
    needs_worker: bool
    reason: str


@dataclass(slots=True, eq=False)
class CaseRun:
    """Consecutive segments of one open case (an episode, or care-leaver support)."""

    segments: list[Segment]
    end: date | None


@dataclass(slots=True, eq=False)
class ChildHistory:
    """Everything generated about one child: the child, their family, and their case record."""

    index: int
    child: PersonRow
    contacts: list[ContactRow] = field(default_factory=list)
    referrals: list[ReferralRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    strategy_discussions: list[StrategyDiscussionRow] = field(default_factory=list)
    enquiries: list[EnquiryRow] = field(default_factory=list)
    conferences: list[ConferenceRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    core_groups: list[CoreGroupRow] = field(default_factory=list)
    cin_plans: list[CinPlanRow] = field(default_factory=list)
    cin_reviews: list[CinReviewRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    case_notes: list[CaseNoteRow] = field(default_factory=list)
    care_periods: list[CarePeriodRow] = field(default_factory=list)
    placements: list[PlacementRow] = field(default_factory=list)
    care_reviews: list[CareReviewRow] = field(default_factory=list)
    # The health of a child in care (the `health` stage): assessments, dental, SDQ.
    health: list[HealthRow] = field(default_factory=list)
    # Missing episodes while in care (the `missing` stage).
    missing: list[MissingRow] = field(default_factory=list)
    runs: list[CaseRun] = field(default_factory=list)
    allocations: list[AllocationRow] = field(default_factory=list)
    # The family and where they live (filled by the people stage).
    people: list[PersonRow] = field(default_factory=list)
    disabilities: list[DisabilityRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)
    residences: list[ResidenceRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)
    # Postcode district (1-20) of the first home: decides the child's local teams.
    district: int = 1
    disabled: bool = False
