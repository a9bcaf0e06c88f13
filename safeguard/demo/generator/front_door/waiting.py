"""The contacts waiting at the front door on the as-of date, and the work done on them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from safeguard.cases.models import Contact
from safeguard.common import codes
from safeguard.demo import names
from safeguard.front_door.models import ReferrerFeedback
from safeguard.front_door.services.mash import feedback_outcome_for
from safeguard.front_door.services.receive import contact_source_for_public
from safeguard.timescales.working_days import add_working_days

from .. import calibration as cal
from .. import texts
from ..journeys import ANY_HOUR_SOURCES
from ..organisation import Workforce
from ..people import Street
from ..records import (
    AddressRow,
    ChildHistory,
    ContactRatingRow,
    ContactRow,
    InformationRequestRow,
    PersonRow,
    ReferrerFeedbackRow,
    TeamRow,
    WorkerRow,
)
from ..streams import Weighted, between, chance, pick, substream
from ..timeline import years_between
from .routes import (
    ANY_HOUR_ROUTES,
    PARTNER_ROUTES,
    PARTNER_SENDERS,
    PUBLIC_SOURCES,
    describe_arrival,
)
from .showcase import SHOWCASE, Showcase

LONDON = ZoneInfo("Europe/London")
MORNING = time(9, 45)
OFFICE_OPENS = time(8, 30)
OFFICE_CLOSES = time(17, 30)

Route = codes.ContactRoute
Rag = codes.RagRating
Outcome = ReferrerFeedback.Outcome
Method = ReferrerFeedback.Method

RAGS = Weighted({Rag.RED: 15, Rag.AMBER: 45, Rag.GREEN: 40})
RAG_REASONS = {
    Rag.RED: (
        "Possible significant harm now: consider a strategy discussion today.",
        "Child may be unsafe at home tonight: needs a decision this morning.",
    ),
    Rag.AMBER: (
        "Worrying pattern; checks with partners before deciding.",
        "Concerns about the child's welfare; more information needed from school and GP.",
    ),
    Rag.GREEN: (
        "Lower-level concern; likely advice or early help.",
        "Family asking for support; no immediate risk described.",
    ),
}
# What the front door asks each demo partner, and the kind of answer that comes back.
CHECKS = {
    names.PARTNER_SCHOOL: (
        "Designated safeguarding lead",
        "Attendance, how the child presents in school, and any safeguarding concerns on record?",
        (
            "Attendance 91% this term; often arrives without breakfast; no disclosures recorded.",
            "Attendance good; no safeguarding concerns recorded this year.",
            "Attendance 78%; late twice a week; one concern logged last term about a bruise, "
            "explained by a fall.",
        ),
    ),
    names.PARTNER_GP_PRACTICE: (
        "Practice safeguarding lead",
        "Is the child registered? Recent attendances, missed appointments, and anything known "
        "about the parents' health?",
        (
            "Registered; immunisations up to date; no concerns recorded about the parents.",
            "Registered; missed two developmental reviews this year; mother treated for "
            "depression.",
            "Registered; last seen four months ago for asthma; no safeguarding concerns.",
        ),
    ),
    names.PARTNER_EMERGENCY_DEPARTMENT: (
        "Paediatric liaison nurse",
        "Attendances at the emergency department in the last 12 months?",
        (
            "No attendances in the last 12 months.",
            "One attendance in January: a fall at home, treated and discharged.",
            "Two attendances this year, a head injury and a scald; both explained at the time.",
        ),
    ),
    names.PARTNER_POLICE: (
        "Public protection unit",
        "Call-outs to the address, and anything known about the adults in the household?",
        (
            "Two call-outs to the address in the last month for arguments; no arrests.",
            "Nothing known about the adults at the address.",
            "The mother's partner has a conviction for assault (2019); a domestic abuse "
            "call-out in February.",
        ),
    ),
}
PARTNERS = tuple(CHECKS)
FEEDBACK_METHOD: dict[str, str] = {
    Route.PHONE: Method.PHONE,
    Route.IN_PERSON: Method.LETTER,
    Route.EMAIL: Method.EMAIL,
    Route.PUBLIC_FORM: Method.EMAIL,
    Route.PROFESSIONAL_FORM: Method.EMAIL,
    Route.PARTNER_API: Method.PARTNER_SYSTEM,
    Route.PARTNER_FILE: Method.PARTNER_SYSTEM,
    Route.SIGNAL: Method.PARTNER_SYSTEM,
}
# Decided contacts whose senders were told the outcome: those decided in this many working
# days up to the as-of date.
FEEDBACK_WORKING_DAYS = 5
# When ordinary waiting contacts arrived: mostly today and the previous working day.
WAITING_SINCE = Weighted({0: 55, 1: 30, 2: 10, 3: 5})


@dataclass
class FrontDoorRows:
    """The front door's rows beyond the contacts held in the children's histories."""

    team: TeamRow
    # Waiting contacts about a child not matched yet (the contact's child is empty).
    unmatched: list[ContactRow] = field(default_factory=list)
    ratings: list[ContactRatingRow] = field(default_factory=list)
    requests: list[InformationRequestRow] = field(default_factory=list)
    feedback: list[ReferrerFeedbackRow] = field(default_factory=list)
    # Every contact waiting at the as-of date (those in histories and the unmatched).
    waiting: list[ContactRow] = field(default_factory=list)

    def row_count(self) -> int:
        return len(self.unmatched) + len(self.ratings) + len(self.requests) + len(self.feedback)


@dataclass
class _Desk:
    """A front door team at the as-of date: its manager rates, its duty workers ask."""

    team: TeamRow
    manager: WorkerRow
    duty: list[WorkerRow]


def _desk(workforce: Workforce, team: TeamRow, as_of: date) -> _Desk:
    assert team.manager is not None
    duty = [slot.holder_on(as_of) for slot in workforce.slots[team]]
    return _Desk(team, team.manager, duty)


class _FrontDoor:
    """Builds the queue; one random stream for all of it."""

    def __init__(
        self, children: list[ChildHistory], workforce: Workforce, seed: int, as_of: date,
        streets: list[Street],
    ) -> None:  # fmt: skip
        self.rng = substream(seed, "front door")
        self.as_of = as_of
        self.now = datetime.combine(as_of, MORNING, tzinfo=LONDON)
        self.streets = streets
        self.workforce = workforce
        team = workforce.teams_by_kind["front_door"][0]
        self.desks = {t: _desk(workforce, t, as_of) for t in workforce.teams_by_kind["front_door"]}
        self.desk = self.desks[team]
        self.mash = workforce.demo_workers["mash.demo"]
        self.rows = FrontDoorRows(team)
        self.children = children
        self.pool = self._pool()

    # --- who the contacts are about ---------------------------------------------------------

    def _pool(self) -> list[ChildHistory]:
        """Children a new contact may be about: born, named, under 17 and with nothing
        already waiting, in a shuffled but repeatable order."""
        pool = [
            h
            for h in self.children
            if h.child.date_of_birth is not None
            and h.child.first_name
            and 0 <= years_between(h.child.date_of_birth, self.as_of) <= 16
            and (self.as_of - h.child.date_of_birth).days >= 28
            and all(c.decided_at is not None for c in h.contacts)
        ]
        self.rng.shuffle(pool)
        return pool

    def take(self, ages: tuple[int, int], *, no_open_referral: bool = False) -> ChildHistory:
        for i, h in enumerate(self.pool):
            born = h.child.date_of_birth
            assert born is not None
            if not ages[0] <= years_between(born, self.as_of) <= ages[1]:
                continue
            if no_open_referral and any(r.closure_date is None for r in h.referrals):
                continue
            return self.pool.pop(i)
        raise ValueError(f"No child aged {ages[0]}-{ages[1]} left for the front door queue.")

    # --- when -------------------------------------------------------------------------------

    def day(self, since: int) -> date:
        return add_working_days(self.as_of, -since)

    def received(self, since: int, route: str, source: str) -> datetime:
        """Today: overnight for what arrives at any hour, else first thing. The previous
        working day: the afternoon (so it is due today). Earlier: office hours."""
        rng, d = self.rng, self.day(since)
        if since == 0:
            if route in ANY_HOUR_ROUTES or source in ANY_HOUR_SOURCES:
                minutes = between(rng, 0, 7 * 60 + 59)
            else:
                minutes = between(rng, 7 * 60 + 30, 8 * 60 + 59)
        elif since == 1:
            minutes = between(rng, 13 * 60, 16 * 60 + 59)
        else:
            minutes = between(rng, 9 * 60, 16 * 60 + 59)
        return datetime.combine(d, time(minutes // 60, minutes % 60), tzinfo=LONDON)

    def later(self, t: datetime, low: int, high: int) -> datetime | None:
        """A moment `low`-`high` minutes after `t` in office hours, the next working day's
        if the office has closed; None if that is after the as-of morning (not happened)."""
        if t >= self.now:
            return None
        local = t.astimezone(LONDON)
        at = local + timedelta(minutes=between(self.rng, low, high))
        opens = datetime.combine(at.date(), OFFICE_OPENS, tzinfo=LONDON)
        if at < opens:
            at = opens + timedelta(minutes=between(self.rng, 0, 20))
        elif at.time() > OFFICE_CLOSES or at.date() != local.date():
            next_day = add_working_days(local.date(), 1)
            at = datetime.combine(next_day, OFFICE_OPENS, tzinfo=LONDON) + timedelta(
                minutes=between(self.rng, 5, 60)
            )
        return min(at, self.now)

    # --- what the sender said ---------------------------------------------------------------

    def name(self, sex: str = "") -> tuple[str, str]:
        rng = self.rng
        group = pick(rng, tuple(names.SURNAMES))
        female = sex == "F" or (sex != "M" and chance(rng, 0.6))
        table = names.FIRST_NAMES_FEMALE if female else names.FIRST_NAMES_MALE
        return pick(rng, table[group]), pick(rng, names.SURNAMES[group])

    def name_sender(self, c: ContactRow, child: PersonRow | None = None) -> None:
        """The person who made a live contact (the young person themselves, when they
        reported it), and how to reach them: drama-range phone numbers, `.example` mail."""
        if c.referrer_anonymous or c.source == "10":
            return
        if c.referrer_relationship == "self" and child is not None:
            first, last = child.first_name, child.last_name
        else:
            first, last = self.name()
        c.referrer = f"{first} {last}"
        if c.referrer_organisation:
            c.referrer_phone = f"{names.FICTION_PHONE_PREFIX}{between(self.rng, 500, 999)}"
            c.referrer_email = (
                f"{_slug(first)}.{_slug(last)}@{_slug(c.referrer_organisation)}.example"
            )
        else:
            c.referrer_phone = f"07700 900{between(self.rng, 0, 999):03d}"

    def describe_child(self, c: ContactRow, h: ChildHistory) -> None:
        """What the sender said about a known child: in full from a professional or a
        partner's system, a first name, age and street from a member of the public."""
        child = h.child
        born = child.date_of_birth
        assert born is not None
        home = _home_of(h, child, self.as_of)
        if c.source in PUBLIC_SOURCES:
            described: dict[str, object] = {
                "first_name": child.first_name,
                "age": years_between(born, self.as_of),
            }
        else:
            described = {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "date_of_birth": born.isoformat(),
                "sex": child.sex,
            }
        if home is not None:
            described["address_line"] = _line(home)
            described["postcode"] = home.postcode
        if c.source == "2A":
            described["school"] = c.referrer_organisation
        c.child_as_described = described
        c.household_as_described = _household(h) or None

    # --- the working record -----------------------------------------------------------------

    def rate(self, c: ContactRow, desk: _Desk, ratings: Iterable[tuple[str, str]]) -> None:
        """The manager's ratings, each after the one before; the latest is the contact's."""
        at: datetime | None = c.received_at
        for rating, reason in ratings:
            assert at is not None
            at = self.later(at, 10, 50)
            if at is None:
                return
            self.rows.ratings.append(ContactRatingRow(c, rating, reason, desk.manager, at))
            c.rag = rating

    def ask(self, c: ContactRow, desk: _Desk, partner: str, *, answered: bool) -> None:
        """A check with a partner, asked by a duty worker (mash.demo when on this desk)."""
        rng = self.rng
        asked_of, question, answers = CHECKS[partner]
        start = max([c.received_at, *(r.rated_at for r in self.rows.ratings if r.contact is c)])
        requested = self.later(start, 5, 40)
        if requested is None:
            return
        worker = self.mash if self.mash in desk.duty and chance(rng, 0.5) else pick(rng, desk.duty)
        request = InformationRequestRow(c, partner, asked_of, question, requested, worker)
        if answered:
            at = self.later(requested, 45, 300)
            if at is not None and at > requested:
                first, last = self.name()
                request.answer = pick(rng, answers)
                request.answered_at = at
                request.answered_by = f"{first} {last} ({asked_of.lower()})"
                request.recorded_by = worker
        self.rows.requests.append(request)

    def work_on(self, c: ContactRow, desk: _Desk) -> None:
        """An ordinary waiting contact: rated by most managers by now, some checks asked."""
        rng = self.rng
        self.rows.waiting.append(c)
        if not chance(rng, 0.65):
            return
        rating = RAGS.pick(rng)
        ratings = [(rating, pick(rng, RAG_REASONS[rating]))]
        if chance(rng, 0.1):
            revised = Rag.RED if rating != Rag.RED else Rag.AMBER
            ratings.append((revised, "Revised after checks: " + pick(rng, RAG_REASONS[revised])))
        self.rate(c, desk, ratings)
        if c.rag and chance(rng, 0.35):
            for partner in rng.sample(PARTNERS, between(rng, 1, 3)):
                self.ask(c, desk, partner, answered=chance(rng, 0.5))

    # --- the contacts ------------------------------------------------------------------------

    def showcase(self, s: Showcase) -> None:
        rng = self.rng
        received = self.received(s.since, s.route, s.source)
        referrer = texts.referrer_for(rng, s.source)
        c = ContactRow(
            received_at=received, source=s.source, referrer=referrer.text, concerns=s.concerns,
            team=self.rows.team, route=s.route, referrer_role=referrer.role,
            referrer_organisation=referrer.organisation,
            referrer_relationship=referrer.relationship, referrer_anonymous=referrer.anonymous,
            urgency=s.urgency, consent=s.consent, consent_reason=s.consent_reason,
        )  # fmt: skip
        if s.route in PARTNER_ROUTES or s.from_partner_school:
            organisation, role = PARTNER_SENDERS[s.source]
            c.referrer_role, c.referrer_organisation = role, organisation
        elif s.sender is not None:
            c.referrer_role, c.referrer_organisation = s.sender
        if s.relationship:
            c.referrer_relationship = s.relationship
        if s.about == "child":
            h = self.take(s.ages, no_open_referral=bool(s.decision))
            self.name_sender(c, h.child)
            self.describe_child(c, h)
            h.contacts.append(c)
        else:
            self.name_sender(c)
            self.unmatched(c, s.about)
        desk = self.desk
        self.rate(c, desk, s.ratings)
        if s.override_reason:
            c.consent_override_reason = s.override_reason
            c.consent_overridden_at = self.later(c.received_at, 20, 60)
            c.consent_overridden_by = desk.manager
        for partner, answered in s.checks:
            self.ask(c, desk, partner, answered=answered)
        if s.decision:
            self.decide(c, s.decision, s.rationale)
        else:
            self.rows.waiting.append(c)
        if s.tell_sender:
            given_by = c.decided_by or self.mash
            start = c.decided_at or c.received_at
            given = self.later(start, 30, 120)
            assert given is not None
            # The partner school's lead reads the outcome on the partner pages.
            method = Method.PARTNER_SYSTEM if s.from_partner_school else FEEDBACK_METHOD[c.route]
            self.rows.feedback.append(
                ReferrerFeedbackRow(c, feedback_outcome(c), method, given, given_by)
            )

    def decide(self, c: ContactRow, decision: str, rationale: str) -> None:
        """Decided by mash.demo the next working day (within the 1-working-day clock)."""
        at = self.later(c.received_at, 8 * 60, 10 * 60)
        assert at is not None
        c.decision = decision
        c.decided_at = at
        c.decided_by = self.mash
        c.decision_rationale = rationale

    def unmatched(self, c: ContactRow, about: str) -> None:
        """A contact about a child the front door has not matched yet (child empty)."""
        rng = self.rng
        self.rows.unmatched.append(c)
        if about == "boy_about_6":
            c.referrer_relationship = "neighbour"
            c.source = contact_source_for_public("neighbour")
            street = pick(rng, self.streets)
            c.child_as_described = {
                "age": 6,
                "sex": "M",
                "address_line": f"Flats above the shops, {street.name}",
            }
        elif about == "linkage_review":
            h = self.take((5, 15))
            child = h.child
            assert child.date_of_birth is not None
            groups = names.NAME_GROUPS_BY_ETHNICITY[child.ethnicity]
            table = names.FIRST_NAMES_FEMALE if child.sex == "F" else names.FIRST_NAMES_MALE
            others = [n for n in table[groups[0]] if n != child.first_name]
            # The school knows the child by another first name: linkage cannot be sure.
            c.child_as_described = {
                "first_name": pick(rng, others),
                "last_name": child.last_name,
                "date_of_birth": child.date_of_birth.isoformat(),
                "sex": child.sex,
                "school": names.PARTNER_SCHOOL,
            }
        elif about == "unborn":
            first, last = self.name("F")
            mother_born = self.as_of - timedelta(days=between(rng, 19 * 365, 34 * 365))
            c.child_as_described = {
                "unborn": True,
                "expected_date_of_birth": (self.as_of + timedelta(weeks=12)).isoformat(),
                "last_name": last,
            }
            c.household_as_described = [
                {
                    "name": f"{first} {last}",
                    "relationship": "mother",
                    "date_of_birth": mother_born.isoformat(),
                }
            ]
        elif about == "address":
            h = self.take((0, 16))
            home = _home_of(h, h.child, self.as_of)
            assert home is not None
            c.address_line = _line(home)
            c.postcode = home.postcode
            adults: list[dict[str, object]] = [
                {"name": f"{p.first_name} {p.last_name}", "relationship": "adult at the address"}
                for p in _adults_of(h)
            ]
            c.household_as_described = adults[:2] or None
            # The children there are the front door's to find: the child is not named.
            self.pool.append(h)
        else:
            raise ValueError(f"Unknown showcase subject {about!r}")

    def ordinary(self, desk: _Desk) -> None:
        """A waiting contact like any other day's: a known child, any source and route."""
        rng = self.rng
        since = WAITING_SINCE.pick(rng)
        h = self.take((0, 16))
        source = _SOURCES.pick(rng)
        born = h.child.date_of_birth
        assert born is not None
        if source == "1C" and years_between(born, self.as_of) < 11:
            source = "1A"  # a young child's worry is told by the family
        referrer = texts.referrer_for(rng, source)
        c = ContactRow(
            received_at=self.now, source=source, referrer=referrer.text,
            concerns=texts.concerns_for(rng, unborn=False), team=desk.team,
            referrer_role=referrer.role, referrer_organisation=referrer.organisation,
            referrer_relationship=referrer.relationship, referrer_anonymous=referrer.anonymous,
        )  # fmt: skip
        describe_arrival(c, rng)
        c.received_at = self.received(since, c.route, source)
        self.name_sender(c, h.child)
        self.describe_child(c, h)
        h.contacts.append(c)
        self.work_on(c, desk)

    def feedback_for_decided(self) -> None:
        """Senders told the outcome of contacts decided in the last few working days."""
        since = add_working_days(self.as_of, -FEEDBACK_WORKING_DAYS)
        for h in self.children:
            for c in h.contacts:
                if (
                    c.decided_at is None
                    or c.decided_by is None
                    or c.referrer_anonymous
                    or c.source == "10"
                ):
                    continue
                decided_on = c.decided_at.astimezone(LONDON).date()
                if not since < decided_on <= self.as_of:
                    continue
                # In office hours, and not yet for what was decided after the morning.
                given = self.later(c.decided_at, 5, 90)
                if given is None:
                    continue
                self.rows.feedback.append(
                    ReferrerFeedbackRow(
                        c, feedback_outcome(c), FEEDBACK_METHOD[c.route], given, c.decided_by,
                    )
                )  # fmt: skip


_SOURCES = Weighted(cal.CONTACT_SOURCE_WEIGHTS)


def feedback_outcome(c: ContactRow) -> str:
    """The fixed words a sender is told about this contact, by the MASH service's own rule."""
    return feedback_outcome_for(Contact(decision=c.decision))


def open_front_door(
    children: list[ChildHistory],
    workforce: Workforce,
    seed: int,
    as_of: date,
    streets: list[Street],
) -> FrontDoorRows:
    """The queue at the as-of date (see the module docstring). Matched contacts go into
    their child's history; the unmatched are returned with the ratings, checks and feedback."""
    fd = _FrontDoor(children, workforce, seed, as_of, streets)
    year_ago = as_of - timedelta(days=365)
    contacts_in_year = 0
    # Contacts the journeys left undecided (received in the last days) wait too.
    for h in children:
        for c in h.contacts:
            contacts_in_year += c.received_at.date() > year_ago
            if c.decided_at is None:
                assert c.team is not None
                fd.work_on(c, fd.desks[c.team])
    fd.feedback_for_decided()
    for s in SHOWCASE:
        fd.showcase(s)
    target = round(cal.WAITING_SHARE_OF_YEAR * contacts_in_year)
    for _ in range(max(0, target - len(fd.rows.waiting))):
        fd.ordinary(fd.desk)
    return fd.rows


# --- Small helpers ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower()) or "x"


def _line(address: AddressRow) -> str:
    return f"{address.line_1}, {address.line_2}" if address.line_2 else address.line_1


def _home_of(h: ChildHistory, person: PersonRow, on: date) -> AddressRow | None:
    for r in h.residences:
        if (
            r.person is person
            and r.kind == codes.AddressKind.HOME
            and r.start_date <= on
            and (r.end_date is None or r.end_date > on)
        ):
            return r.address
    return None


_KIN: dict[str, str] = {
    codes.RelationshipKind.STEP_PARENT: "step-parent",
    codes.RelationshipKind.PARTNER_OF_PARENT: "mother's partner",
    codes.RelationshipKind.SIBLING: "brother or sister",
    codes.RelationshipKind.HALF_SIBLING: "half-brother or half-sister",
    codes.RelationshipKind.GRANDPARENT: "grandparent",
}


def _kin(h: ChildHistory) -> Iterator[tuple[PersonRow, str]]:
    for r in h.relationships:
        if r.relative is not h.child:
            continue
        if r.kind == codes.RelationshipKind.PARENT:
            yield r.person, "mother" if r.person.sex == "F" else "father"
        elif r.kind in _KIN:
            yield r.person, _KIN[r.kind]


def _household(h: ChildHistory) -> list[dict[str, object]]:
    return [{"name": f"{p.first_name} {p.last_name}", "relationship": kin} for p, kin in _kin(h)]


def _adults_of(h: ChildHistory) -> list[PersonRow]:
    return [p for p, kin in _kin(h) if not p.is_child]
