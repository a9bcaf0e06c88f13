"""Reads for the MASH: the queue of contacts waiting for a decision, the contact page, and the
front door's figures on the team dashboard.

A contact is front-door work before it is about a known child: it is found through the front
door team it waits at (the user works in or oversees that team), or through its child being
in the user's need to know. A child's name is shown only within need to know; a contact about
a restricted record is listed (its clock still runs) but opens only for the record's named
people, and the queue says whom to ask. Every read of a contact is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest
from django.utils import timezone

from safeguard.access.permissions import allowed
from safeguard.access.queries import (
    need_to_know_key,
    restriction_allows_q,
    team_ids_overseen,
    visible_children,
    visible_children_q,
)
from safeguard.access.roles import worker_of
from safeguard.access.selectors import restricted_managers_to_ask
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.cases.extensions import HeldCase, Panel
from safeguard.cases.models import Contact, Referral
from safeguard.cases.need_to_know import front_door_contacts_q
from safeguard.cases.selectors import STATUS_TAG_CLASSES, clock_querysets_by_name
from safeguard.common import codes
from safeguard.common.compiled import values_rows
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Team
from safeguard.people.models import Person, full_name_of
from safeguard.people.selectors import SearchResult, SearchTerms, match_children
from safeguard.timescales.clocks import (
    CLOCKS,
    DEFAULT_DUE_SOON_WORKING_DAYS,
    ClockStatus,
    clock_status,
    local_timescales,
)
from safeguard.timescales.working_days import working_days_between

from .models import ContactRating, InformationRequest, ReferrerFeedback
from .services import feedback_outcome_for

__all__ = [
    "QUEUE_PAGE_SIZE",
    "RAG_TAG_CLASSES",
    "ChildShown",
    "ContactPage",
    "ContactQueue",
    "FrontDoorFigures",
    "QueueRow",
    "child_identity_search",
    "contact_get",
    "contact_opens",
    "contact_page_get",
    "contact_queue_get",
    "front_door_figures_get",
    "front_door_team_panel",
    "information_request_get",
    "partner_organisations_list",
    "searched_child_get",
]

# The queue is worked red first, then amber, green and the contacts no manager has rated yet.
RAG_ORDER = (codes.RagRating.RED, codes.RagRating.AMBER, codes.RagRating.GREEN)
RAG_TAG_CLASSES = {
    codes.RagRating.RED: "govuk-tag--red",
    codes.RagRating.AMBER: "govuk-tag--orange",
    codes.RagRating.GREEN: "govuk-tag--green",
    "": "govuk-tag--grey",
}


# --- How a contact's child is shown ---------------------------------------------------------


class Shown(StrEnum):
    NAMED = "named"
    UNMATCHED = "unmatched"
    RESTRICTED = "restricted"
    OUTSIDE_NEED_TO_KNOW = "outside_need_to_know"


@dataclass(frozen=True)
class ChildShown:
    """The child as this user may see them on a contact: named within need to know; "not yet
    identified" with what the sender said; a restricted record with whom to ask; or a known
    child outside the user's need to know, unnamed."""

    shown: Shown
    child_id: int | None = None
    name: str = ""
    # What the sender said about the child, in a few words (unmatched contacts).
    described: str = ""
    # The people named on a restricted record, to ask.
    ask: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.shown == Shown.NAMED:
            return self.name
        if self.shown == Shown.UNMATCHED:
            return "Child not yet identified"
        if self.shown == Shown.RESTRICTED:
            return "Restricted record — ask " + (
                " or ".join(self.ask) if self.ask else "the manager who restricted it"
            )
        return "A known child outside your need to know"

    @property
    def is_named(self) -> bool:
        return self.shown == Shown.NAMED

    @property
    def is_unmatched(self) -> bool:
        return self.shown == Shown.UNMATCHED

    @property
    def opens(self) -> bool:
        """Whether the contact page opens for this user (a restricted record's contact opens
        only for its named people)."""
        return self.shown != Shown.RESTRICTED


_DESCRIBED_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "known_as": "Known as",
    "date_of_birth": "Date of birth",
    "age": "Age",
    "unborn": "Not born yet",
    "expected_date_of_birth": "Expected date of birth",
    "sex": "Sex",
    "address_line": "Address",
    "postcode": "Postcode",
    "school": "School or nursery",
}


def _date_text(value: Any) -> str:
    try:
        on = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{on.day} {on:%B %Y}"


def _value_text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if key in ("date_of_birth", "expected_date_of_birth"):
        return _date_text(value)
    if key == "sex":
        return str(dict(codes.Sex.choices).get(str(value), value))
    return str(value)


def described_rows(described: dict[str, Any]) -> list[tuple[str, str]]:
    """What the sender said about the child, as labelled rows (known keys first, in order)."""
    rows = [
        (label, _value_text(key, described[key]))
        for key, label in _DESCRIBED_LABELS.items()
        if described.get(key) not in (None, "", False)
    ]
    rows += [
        (key.replace("_", " ").capitalize(), _value_text(key, value))
        for key, value in described.items()
        if key not in _DESCRIBED_LABELS and value not in (None, "", False)
    ]
    return rows


def described_summary(described: dict[str, Any]) -> str:
    """A few words for the queue: "Tobi Example, about 6, NB1 2AB"."""
    name = " ".join(
        str(described[k]).strip() for k in ("first_name", "last_name") if described.get(k)
    )
    parts = [name] if name else []
    if described.get("unborn") or described.get("expected_date_of_birth"):
        due = described.get("expected_date_of_birth")
        parts.append(f"unborn, due {_date_text(due)}" if due else "unborn")
    elif described.get("date_of_birth"):
        parts.append(f"born {_date_text(described['date_of_birth'])}")
    elif described.get("age"):
        parts.append(f"age {described['age']}")
    if described.get("postcode"):
        parts.append(str(described["postcode"]))
    return ", ".join(parts) or "No details given"


def household_rows(household: Any) -> list[str]:
    """The household as the sender described it, one line a person."""
    if not isinstance(household, list):
        return []
    lines = []
    for member in household:
        if isinstance(member, dict):
            name = str(member.get("name", "")).strip() or "Name not given"
            others = [
                str(v).strip()
                for k, v in member.items()
                if k != "name" and v not in (None, "") and str(v).strip()
            ]
            lines.append(", ".join([name, *others]))
        elif str(member).strip():
            lines.append(str(member).strip())
    return lines


@dataclass(frozen=True)
class _ChildRef:
    """What a contact says of its child, as read for showing: the child it is matched to, if
    any (with their name), or what the sender said."""

    child_id: int | None
    name: str
    described: dict[str, Any] | None


def _children_shown(
    refs: Sequence[_ChildRef], visible: set[int], restricted: dict[int, list[str]]
) -> list[ChildShown]:
    """How each contact's child is shown, given which of the children the user may see and,
    for the restricted records among the others, whom to ask."""
    shown = []
    for ref in refs:
        if ref.child_id is None:
            shown.append(
                ChildShown(Shown.UNMATCHED, described=described_summary(ref.described or {}))
            )
        elif ref.child_id in visible:
            shown.append(ChildShown(Shown.NAMED, child_id=ref.child_id, name=ref.name))
        elif ref.child_id in restricted:
            shown.append(ChildShown(Shown.RESTRICTED, ask=tuple(restricted[ref.child_id][:2])))
        else:
            shown.append(ChildShown(Shown.OUTSIDE_NEED_TO_KNOW))
    return shown


# --- The clock -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionClock:
    """Where a contact's 1-working-day decision clock stands (`CLOCKS["contact_decision"]`)."""

    received_on: date
    due: date
    working_days_waited: int
    status: ClockStatus

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]


def _due_soon(user: AnyUser) -> int:
    worker = worker_of(user)
    return worker.authority.due_soon_working_days if worker else DEFAULT_DUE_SOON_WORKING_DAYS


def decision_clock(contact: Contact, *, today: date, due_soon: int) -> DecisionClock:
    received_on = timezone.localtime(contact.received_at).date()
    decided_on = timezone.localtime(contact.decided_at).date() if contact.decided_at else None
    return _decision_clock_on(received_on, decided_on, today=today, due_soon=due_soon)


def _decision_clock_on(
    received_on: date, decided_on: date | None, *, today: date, due_soon: int
) -> DecisionClock:
    due = CLOCKS["contact_decision"].due_from(received_on)
    until = decided_on or today
    return DecisionClock(
        received_on=received_on,
        due=due,
        working_days_waited=max(working_days_between(received_on, until), 0),
        status=clock_status(due=due, met=decided_on, today=today, due_soon_working_days=due_soon),
    )


# --- The queue -------------------------------------------------------------------------------


# A model's get_FOO_display builds its choices dictionary again on every call: once here.
_ROUTE_LABELS = dict(codes.ContactRoute.choices)
_SOURCE_LABELS = dict(codes.ContactSource.choices)
_RAG_LABELS = dict(codes.RagRating.choices)


@dataclass(frozen=True)
class QueueRow:
    """A waiting contact as the queue lists it, read as values (no Contact is built)."""

    contact_id: int
    reference: str
    child: ChildShown
    clock: DecisionClock
    # When it came in, in the authority's time zone.
    received_at: datetime
    route: str
    source: str
    referrer: str
    rag: str
    urgency: str

    @property
    def rag_class(self) -> str:
        return RAG_TAG_CLASSES.get(self.rag, RAG_TAG_CLASSES[""])

    @property
    def rag_label(self) -> str:
        return _RAG_LABELS.get(self.rag, "Not rated")

    @property
    def route_label(self) -> str:
        return _ROUTE_LABELS.get(self.route, self.route)

    @property
    def source_label(self) -> str:
        return _SOURCE_LABELS.get(self.source, self.source)


# A page of the queue lists this many contacts, the most urgent first; the counts above it
# are over the whole queue. A backlog of hundreds on one page was half a megabyte of HTML and
# a quarter of a second of rendering on every look at the queue.
QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class ContactQueue:
    # The names of the front door teams the queue is of, in order.
    team_names: list[str]
    # This page's contacts, in the order the queue is worked.
    rows: list[QueueRow]
    today: date
    # The whole queue's counts, whichever page is shown.
    waiting: int
    due_today: int
    overdue: int
    unrated: int
    page: int = 1
    pages: int = 1
    # The position in the queue of this page's first contact (1 for the first page).
    first: int = 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    @property
    def page_numbers(self) -> range:
        return range(1, self.pages + 1)


def _front_door_teams(team_ids: tuple[int, ...]) -> list[dict[str, Any]]:
    def build() -> QuerySet[Any]:
        return (
            Team.objects.filter(pk__in=team_ids, kind=Team.Kind.FRONT_DOOR)
            .order_by("name")
            .values("pk", "name")
        )

    return values_rows(("front_door_queue_teams", team_ids), build)


def _waiting(team_ids: tuple[int, ...]) -> QuerySet[Contact]:
    """The contacts waiting for a decision at these teams, in the order the queue is worked."""
    rag_order = Case(
        *(When(rag=rating, then=Value(i)) for i, rating in enumerate(RAG_ORDER)),
        default=Value(len(RAG_ORDER)),
        output_field=IntegerField(),
    )
    return (
        Contact.objects.filter(decided_at__isnull=True, team_id__in=team_ids)
        .annotate(rag_order=rag_order)
        .order_by("rag_order", "received_at", "pk")
    )


_QUEUE_COLUMNS = (
    "pk",
    "reference",
    "child_id",
    "child_visible",
    "child_first_name",
    "child_last_name",
    "child_as_described",
    "received_at",
    "route",
    "source",
    "referrer",
    "rag",
    "urgency",
)


def contact_queue_get(
    *, user: AnyUser, today: date, page: int = 1, page_size: int = QUEUE_PAGE_SIZE
) -> ContactQueue:
    """Every contact waiting for a decision at the front door teams the user works in or
    oversees: matched or not, and whoever the child is (a child outside the user's need to
    know is listed without a name). Red first, then amber, green and unrated; oldest first
    within each. One page of `page_size` contacts (a page past the last shows the last), with
    the counts of the whole queue.

    The same few queries however many contacts wait (the teams, the whole queue's counts, the
    page with whether the user may see each child, and only if a child is hidden, whom to ask),
    each compiled once for its teams, user and page (`common.compiled`)."""
    teams = _front_door_teams(tuple(team_ids_overseen(user)))
    team_ids = tuple(team["pk"] for team in teams)
    team_names = [team["name"] for team in teams]
    if not team_ids:
        return ContactQueue(team_names, [], today, 0, 0, 0, 0)
    due_soon = _due_soon(user)
    # A waiting contact's clock depends only on the day it came in: worked out once a day.
    clocks: dict[date, DecisionClock] = {}

    def clock_of(received_on: date) -> DecisionClock:
        clock = clocks.get(received_on)
        if clock is None:
            clock = clocks[received_on] = _decision_clock_on(
                received_on, None, today=today, due_soon=due_soon
            )
        return clock

    # The counts need only how many contacts came in each day (in the authority's time zone)
    # and how many of those are not rated: a row a day, not a row a contact.
    zone = timezone.get_current_timezone()

    def build_counts() -> QuerySet[Any]:
        return (
            Contact.objects.filter(decided_at__isnull=True, team_id__in=team_ids)
            .values(received_on=TruncDate("received_at", tzinfo=zone))
            .annotate(n=Count("pk"), unrated=Count("pk", filter=Q(rag="")))
            .order_by()
        )

    due_today = overdue = unrated = waiting = 0
    counts_key = ("front_door_queue_counts", team_ids, str(zone))
    for day in values_rows(counts_key, build_counts):
        clock = clock_of(day["received_on"])
        waiting += day["n"]
        due_today += day["n"] if clock.due == today else 0
        overdue += day["n"] if clock.status == ClockStatus.OVERDUE else 0
        unrated += day["unrated"]
    pages = max((waiting + page_size - 1) // page_size, 1)
    page = min(max(page, 1), pages)
    first = (page - 1) * page_size

    # Whether the user may see each child is asked in the same query, of this page's children
    # only; the time is a parameter taken afresh on each run (`common.compiled.RunTime`).
    def build_page() -> QuerySet[Any]:
        child = Person.objects.filter(pk=OuterRef("child_id"))
        rows: QuerySet[Any] = (
            _waiting(team_ids)
            .annotate(
                child_visible=Exists(child.filter(visible_children_q(user)).values("pk")),
                # Subqueries rather than a join, so that PostgreSQL looks up the children
                # of this page only, after sorting the whole queue (a join reads every
                # waiting contact's child first).
                child_first_name=Subquery(child.values("first_name")),
                child_last_name=Subquery(child.values("last_name")),
            )
            .values(*_QUEUE_COLUMNS)[first : first + page_size]
        )
        return rows

    key = ("front_door_queue_page", *need_to_know_key(user), team_ids, first, page_size)
    contacts = values_rows(key, build_page)
    hidden = {
        c["child_id"] for c in contacts if c["child_id"] is not None and not c["child_visible"]
    }
    shown = _children_shown(
        [
            _ChildRef(
                c["child_id"],
                full_name_of(c["child_first_name"] or "", c["child_last_name"] or ""),
                c["child_as_described"],
            )
            for c in contacts
        ],
        visible={c["child_id"] for c in contacts if c["child_visible"]},
        restricted=restricted_managers_to_ask(hidden) if hidden else {},
    )
    rows = []
    for c, child in zip(contacts, shown, strict=True):
        received_at = c["received_at"].astimezone(zone)
        rows.append(
            QueueRow(
                contact_id=c["pk"],
                reference=c["reference"],
                child=child,
                clock=clock_of(received_at.date()),
                received_at=received_at,
                route=c["route"],
                source=c["source"],
                referrer=c["referrer"],
                rag=c["rag"],
                urgency=c["urgency"],
            )
        )
    return ContactQueue(
        team_names=team_names,
        rows=rows,
        today=today,
        waiting=waiting,
        due_today=due_today,
        overdue=overdue,
        unrated=unrated,
        page=page,
        pages=pages,
        first=first + 1,
    )


# --- One contact -----------------------------------------------------------------------------


def _workable(user: AnyUser) -> QuerySet[Contact]:
    """The contacts this user may open: waiting at (or decided in the last 30 days at) a front
    door team they work in or oversee, unless about a restricted record they are not named
    on; or about a child in their need to know."""
    at_front_door = front_door_contacts_q(
        team_ids_overseen(user), timezone.now()
    ) & restriction_allows_q(user, "child_id")
    return Contact.objects.filter(at_front_door | Q(child__in=visible_children(user)))


def _audit_read(user: AnyUser, contact: Contact, request: HttpRequest | None) -> None:
    audit_record(
        action=Action.READ,
        actor=user,
        request=request,
        object_type="cases.contact",
        object_id=contact.pk,
        child_id=contact.child_id,
    )


def contact_get(*, user: AnyUser, contact_id: int, request: HttpRequest | None = None) -> Contact:
    """A contact for a page that works on it: 404 unless this user may open it (so its
    existence does not leak); the read is audited."""
    contact = (
        _workable(user).filter(pk=contact_id).select_related("child", "team", "team__authority")
    ).first()
    if contact is None:
        raise Http404("No contact found")
    _audit_read(user, contact, request)
    return contact


def contact_opens(*, user: AnyUser, contact_id: int) -> bool:
    """Whether this user may open the contact (no audit: nothing of it is read)."""
    return _workable(user).filter(pk=contact_id).exists()


def contact_list_workable(*, user: AnyUser) -> QuerySet[Contact]:
    """The contacts this user may open, by the contact page's own rule (`contact_get`): for
    a list elsewhere that links to them (the user's tasks). Not audited here: the list that
    shows them audits what it shows."""
    return _workable(user)


def child_identity_search(
    *, user: AnyUser, terms: SearchTerms, request: HttpRequest | None = None
) -> list[SearchResult]:
    """Who a contact may be about: "Find a child"'s matching (`people.selectors`) over every
    child, not only those in the user's need to know, because saying which known child a
    contact is about is the front door's work. Like the identity linkage review it is for
    identity only: the page shows names, date of birth and postcode, never case content,
    and a restricted record is found only by the people named on it. One audit entry."""
    children = Person.objects.filter(is_child=True).filter(restriction_allows_q(user))
    results = match_children(children, terms) if not terms.is_empty() else []
    audit_record(
        action=Action.SEARCH,
        actor=user,
        request=request,
        object_type="people.person",
        details={
            "terms": terms.for_audit(),
            "results": len(results),
            "for": "matching a contact (identity only)",
        },
    )
    return results


def searched_child_get(
    *, user: AnyUser, terms: SearchTerms, child_id: int, request: HttpRequest | None = None
) -> Person:
    """The child chosen from a search: a front-door worker may say a contact is about any
    child the identity search showed them, and no other. 404 if the search, run again, does
    not show them."""
    results = child_identity_search(user=user, terms=terms, request=request)
    if terms.is_empty() or child_id not in {r.child_id for r in results}:
        raise Http404("That child was not found by the search")
    return Person.objects.get(pk=child_id)


def child_shown(*, user: AnyUser, contact: Contact) -> ChildShown:
    child = contact.child
    visible = (
        set(visible_children(user).filter(pk=child.pk).values_list("pk", flat=True))
        if child is not None
        else set()
    )
    restricted = restricted_managers_to_ask([child.pk]) if child and not visible else {}
    ref = _ChildRef(
        child.pk if child else None, child.full_name if child else "", contact.child_as_described
    )
    return _children_shown([ref], visible, restricted)[0]


@dataclass(frozen=True)
class ContactPage:
    """Everything received with a contact and everything the front door has done with it."""

    contact: Contact
    child: ChildShown
    clock: DecisionClock
    described: list[tuple[str, str]]
    household: list[str]
    ratings: list[ContactRating]
    information_requests: list[InformationRequest]
    feedback: list[ReferrerFeedback]
    referral: Referral | None
    partner_organisation: str
    may_rate: bool
    may_decide: bool
    # The fixed words the referrer would be told now.
    feedback_outcome: str

    @property
    def outstanding_requests(self) -> int:
        return sum(1 for r in self.information_requests if r.answered_at is None)

    @property
    def consent_overridable(self) -> bool:
        c = self.contact
        return (
            not c.decision
            and c.consent_overridden_at is None
            and c.consent in (codes.ContactConsent.REFUSED, codes.ContactConsent.NOT_SOUGHT)
        )

    @property
    def may_give_feedback(self) -> bool:
        return not self.contact.referrer_anonymous

    @property
    def rag_class(self) -> str:
        return RAG_TAG_CLASSES.get(self.contact.rag, RAG_TAG_CLASSES[""])


def _partner_organisation_name(organisation_id: int | None) -> str:
    if organisation_id is None:
        return ""
    partner = apps.get_model("agencies", "PartnerOrganisation")
    name: str | None = (
        partner.objects.filter(pk=organisation_id).values_list("name", flat=True).first()
    )
    return name or ""


def contact_page_get(
    *, user: AnyUser, contact_id: int, today: date, request: HttpRequest | None = None
) -> ContactPage:
    """The contact page: what was received, the RAG history, consent, the information
    requests, the decision and the feedback given. 404 unless the user may open the contact;
    one audit entry for the read."""
    contact = contact_get(user=user, contact_id=contact_id, request=request)
    shown = child_shown(user=user, contact=contact)
    return ContactPage(
        contact=contact,
        child=shown,
        clock=decision_clock(contact, today=today, due_soon=_due_soon(user)),
        described=described_rows(contact.child_as_described or {}),
        household=household_rows(contact.household_as_described),
        ratings=list(
            ContactRating.objects.filter(contact=contact)
            .select_related("rated_by")
            .order_by("-rated_at", "-pk")
        ),
        information_requests=list(
            InformationRequest.objects.filter(contact=contact)
            .select_related("requested_by", "recorded_by")
            .order_by("requested_at", "pk")
        ),
        feedback=list(
            ReferrerFeedback.objects.filter(contact=contact)
            .select_related("given_by")
            .order_by("given_at", "pk")
        ),
        referral=Referral.objects.filter(contact=contact).select_related("team").first(),
        partner_organisation=_partner_organisation_name(contact.partner_organisation_id),
        may_rate=allowed(user, "contact.rate", contact),
        may_decide=shown.is_named and allowed(user, "contact.decide", contact.child),
        feedback_outcome=str(ReferrerFeedback.Outcome(feedback_outcome_for(contact)).label),
    )


def information_request_get(*, contact: Contact, information_request_id: int) -> InformationRequest:
    """One of the contact's information requests (the contact already found for the user);
    404 for any other."""
    request = InformationRequest.objects.filter(pk=information_request_id, contact=contact).first()
    if request is None:
        raise Http404("No information request found")
    return request


def partner_organisations_list(*, authority: Authority) -> list[tuple[int, str]]:
    """The authority's active partner agencies, to choose whom to ask. A plain query by the
    hub's table: the front door does not import the hub."""
    partner = apps.get_model("agencies", "PartnerOrganisation")
    return [
        (pk, name)
        for pk, name in partner.objects.filter(authority=authority, is_active=True)
        .order_by("name")
        .values_list("pk", "name")
    ]


# --- The front door's figures on the team dashboard -----------------------------------------


@dataclass(frozen=True)
class FrontDoorFigures:
    team: Team
    waiting: int
    due_today: int
    overdue: int
    not_identified: int


def front_door_figures_get(*, teams: Sequence[Team], today: date) -> list[FrontDoorFigures]:
    """For each front door team among `teams`: the contacts waiting for a decision, those due
    today and those past their 1-working-day clock, and how many are not yet matched to a
    child. One query, through the same SQL clock as the overdue lists
    (`cases.selectors.clock_querysets_by_name`), so the dashboard and the overdue lists agree;
    no child is named, and an unmatched contact counts like any other."""
    front_doors = [team for team in teams if team.kind == Team.Kind.FRONT_DOOR]
    if not front_doors:
        return []
    authority = front_doors[0].authority
    team_ids = tuple(team.pk for team in front_doors)

    def build() -> QuerySet[Any]:
        waiting = clock_querysets_by_name(authority)["contact_decision"]
        return waiting.filter(team_id__in=team_ids).values("team_id", "o_child", "o_due")

    # The clock's SQL depends on the authority's own timescales and the teams: compiled once
    # for them (`common.compiled`), read afresh each time.
    local = tuple(sorted(local_timescales(authority).items()))
    key = ("front_door_figures", authority.pk, local, team_ids)
    counts = {team.pk: [0, 0, 0, 0] for team in front_doors}
    for row in values_rows(key, build):
        team_id, child_id, due = row["team_id"], row["o_child"], row["o_due"]
        figures = counts[team_id]
        figures[0] += 1
        figures[1] += int(due == today)
        figures[2] += int(due is not None and due < today)
        figures[3] += int(child_id is None)
    return [FrontDoorFigures(team, *counts[team.pk]) for team in front_doors]


def front_door_team_panel(
    user: AnyUser, teams: Sequence[Team], today: date, held: Sequence[HeldCase] | None
) -> Panel | None:
    """The front door's figures on the team dashboard of a manager who oversees a front door
    team (registered in `cases.extensions` from the app's ready()); its figures are the
    front door's, not the teams' held cases (`held`)."""
    figures = front_door_figures_get(teams=teams, today=today)
    if not figures:
        return None
    return Panel(
        "front_door/mash/team_panel.html",
        "Front door: decisions on contacts",
        "front-door-decisions",
        {"figures": figures, "today": today, "anchor": "front-door-decisions"},
    )
