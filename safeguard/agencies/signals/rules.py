"""The signal rules: each combines what several agencies know about one child and says, in
plain English, why the allocated worker (or the front door) should look at it now.

The rules are plain functions over the frozen facts in `ChildFacts` (built by
`facts.child_facts_get` in a fixed number of queries), so each can be read, and tested
with hand-worked dates, without a database. A rule returns `Finding`s; each finding names the
evidence that caused it (the partner events, contacts, visits and plans), and the service
raises a signal only for evidence it has not already raised a signal about under that rule.

Why these rules: serious case reviews (the national panel's annual reports, and "Child
Protection in England", 2022) keep finding the same missed patterns — a child on a plan
withdrawn from school, health appointments repeatedly missed, contacts that never became a
referral, domestic abuse at the child's home, a child nobody has seen, an injury to a
baby who cannot yet move about, and an injury, sexual harm or a missing episode for a child
the authority already protects or looks after that reached no one in time.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from safeguard.people.identifiers import normalise_postcode

# --- Facts the rules read -------------------------------------------------------------------

# Partner event types, as `agencies.models.PartnerEvent.EventType` values (hub contract). Kept
# as strings so the rules need no models.
REMOVED_FROM_ROLL = "removed_from_roll"
ELECTIVE_HOME_EDUCATION = "elective_home_education"
MISSED_HEALTH_APPOINTMENT = "missed_health_appointment"
DOMESTIC_ABUSE_NOTIFICATION = "domestic_abuse_notification"
INJURY = "injury"
EMERGENCY_DEPARTMENT_ATTENDANCE = "emergency_department_attendance"
WEIGHT_OR_DEVELOPMENT_CONCERN = "weight_or_development_concern"
POLICE_PROTECTION = "police_protection"
EXCLUSION = "exclusion"
MISSING_EPISODE = "missing_episode"
CONCERN = "concern"
HOUSEHOLD_MEMBER_ARREST = "household_member_arrest"

# What marks an event as sexual harm (the partner API's fields): a concern whose `harm_type`
# is sexual abuse or sexual exploitation, or the arrest of someone in the child's household
# for a sexual offence (`offence_category` "sexual").
SEXUAL_HARM_TYPES = frozenset({"sexual_abuse", "sexual_exploitation"})


def marks_sexual_harm(event_type: str, details: dict[str, object]) -> bool:
    if event_type == CONCERN:
        return details.get("harm_type") in SEXUAL_HARM_TYPES
    if event_type == HOUSEHOLD_MEMBER_ARREST:
        return details.get("offence_category") == "sexual"
    return False


# Partner events that can only happen with a professional in the room with the child: a
# clinician at the emergency department, a clinician or teacher describing an injury they
# saw, a health visitor or GP weighing or checking development, police taking the child into
# police protection, a school excluding a pupil who was in school that day. Attendance
# concerns, missed appointments, removal from roll, home education, notifications about the
# household and a free "concern" do not show that anyone saw the child.
EVENTS_WHERE_CHILD_SEEN = frozenset(
    {
        EMERGENCY_DEPARTMENT_ATTENDANCE,
        INJURY,
        WEIGHT_OR_DEVELOPMENT_CONCERN,
        POLICE_PROTECTION,
        EXCLUSION,
    }
)

EVENT_LABELS = {
    "attendance_concern": "Attendance concern",
    "child_missing_education": "Child missing education",
    REMOVED_FROM_ROLL: "Removed from roll",
    ELECTIVE_HOME_EDUCATION: "Elective home education",
    EXCLUSION: "Exclusion",
    MISSED_HEALTH_APPOINTMENT: "Missed health appointment",
    EMERGENCY_DEPARTMENT_ATTENDANCE: "Emergency department attendance",
    INJURY: "Injury",
    WEIGHT_OR_DEVELOPMENT_CONCERN: "Concern about weight or development",
    DOMESTIC_ABUSE_NOTIFICATION: "Domestic abuse notification",
    POLICE_PROTECTION: "Police protection",
    "household_member_arrest": "Arrest of a household member",
    "eviction": "Eviction",
    CONCERN: "Concern",
    MISSING_EPISODE: "Missing from home or care",
}


@dataclass(frozen=True)
class Period:
    """A plan, referral or period of care: from `start` to `end` (None: still open)."""

    id: int
    start: date
    end: date | None = None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


@dataclass(frozen=True)
class PartnerEventFact:
    id: int
    event_type: str
    occurred_on: date
    organisation: str = ""
    postcode: str = ""
    address_line: str = ""
    # The partner said the child cannot yet move about on their own (injury events).
    non_mobile: bool = False
    # The partner's fields mark sexual harm (`marks_sexual_harm`).
    sexual_harm: bool = False

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(self.event_type, self.event_type.replace("_", " ").capitalize())


@dataclass(frozen=True)
class ContactFact:
    id: int
    received_on: date
    became_referral: bool
    # How it reached the front door (cases.Contact.route): a partner's system or file, the
    # public's or a professional's form, a phone call or email, or a signal.
    route: str = "phone"


# A contact made because a worker treated a signal as one is the system's own pattern, not
# another worry from outside: counting it would raise "three contacts" again on the contact
# the last "three contacts" signal made.
SIGNAL_ROUTE = "signal"


@dataclass(frozen=True)
class SightingFact:
    """Social care saw the child: a visit where the child was seen, or the day an
    assessment records seeing them."""

    kind: str  # "visit" or "assessment"
    id: int
    on: date


@dataclass(frozen=True)
class ResidenceFact:
    postcode: str
    line_1: str
    start: date
    end: date | None = None

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


@dataclass(frozen=True)
class ChildFacts:
    """Everything the rules need to know about one child."""

    child_id: int
    date_of_birth: date | None = None
    protection_plans: tuple[Period, ...] = ()
    cin_plans: tuple[Period, ...] = ()
    referrals: tuple[Period, ...] = ()
    care_periods: tuple[Period, ...] = ()
    contacts: tuple[ContactFact, ...] = ()
    sightings: tuple[SightingFact, ...] = ()
    # Partner events linked to this child.
    events: tuple[PartnerEventFact, ...] = ()
    # Partner events about a household at an address the child lives at (linked to anyone,
    # or to no one): domestic abuse notifications, concerns and arrests.
    address_events: tuple[PartnerEventFact, ...] = ()
    residences: tuple[ResidenceFact, ...] = ()


# --- What a rule returns --------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Evidence:
    """One thing that caused a finding: `kind` is "partner_event", "contact", "visit",
    "assessment", "protection_plan", "cin_plan", "referral" or "looked_after"."""

    kind: str
    id: int
    on: date = field(compare=False)
    description: str = field(compare=False, default="")

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    evidence: tuple[Evidence, ...]
    explanation: str

    @property
    def refs(self) -> frozenset[str]:
        return frozenset(e.ref for e in self.evidence)

    @property
    def evidence_key(self) -> str:
        """The same rule on the same evidence gives the same key, in any order."""
        return ",".join(sorted(self.refs))


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str
    # The evidence window in plain English, as shown to workers and in docs/signals.md.
    window: str
    evaluate: Callable[[ChildFacts, date], list[Finding]]
    # Rules that can fire with no new event, just because time passes; the nightly command
    # runs these for every child they could apply to.
    fires_with_time: bool = False
    # Sent to the allocated team's manager as well as the worker: it shows on the manager's
    # own "My cases", not only on the team dashboard.
    tells_manager: bool = False


# --- Helpers ----------------------------------------------------------------------------------

RECENT_DAYS = 90
NOT_SEEN_DAYS = 28


def months_before(on: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter:
    31 August less six months is 28 or 29 February)."""
    total = on.year * 12 + on.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def first_birthday(born: date) -> date:
    """A child born on 29 February is one on 1 March the next year."""
    try:
        return born.replace(year=born.year + 1)
    except ValueError:
        return date(born.year + 1, 3, 1)


def _in_window(on: date, start: date, today: date) -> bool:
    return start <= on <= today


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _event_evidence(event: PartnerEventFact) -> Evidence:
    by = f" ({event.organisation})" if event.organisation else ""
    return Evidence("partner_event", event.id, event.occurred_on, f"{event.label}{by}")


_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_address_line(text: str) -> str:
    """Lower case, punctuation and extra spaces dropped, "flat"/"apartment" spelt one way."""
    words = _NON_WORD.sub(" ", text.lower()).split()
    return " ".join("flat" if w in {"apartment", "apt"} else w for w in words)


def same_home(postcode: str, address_line: str, home_postcode: str, home_line_1: str) -> bool:
    """An address someone gave is the home: the same postcode, and the first line of the
    home's address begins the given address line (or the reverse), after lower-casing and
    dropping punctuation. A postcode alone covers about fifteen homes, so it is never
    enough: telling a worker about a neighbour's household would disclose a third party's
    information."""
    if not postcode or normalise_postcode(postcode) != normalise_postcode(home_postcode):
        return False
    theirs, ours = normalise_address_line(address_line), normalise_address_line(home_line_1)
    if not theirs or not ours:
        return False
    return theirs.startswith(ours) or ours.startswith(theirs)


def same_address(event: PartnerEventFact, residence: ResidenceFact) -> bool:
    """The event is about the home the child lives at (`same_home`)."""
    return same_home(event.postcode, event.address_line, residence.postcode, residence.line_1)


def _on_plan(facts: ChildFacts, on: date) -> Period | None:
    return next((p for p in facts.protection_plans if p.covers(on)), None)


def _plan_or_open_referral(facts: ChildFacts, on: date) -> Evidence | None:
    """The child protection plan, child in need plan or referral (children-in-need episode)
    open on the day, most specific first."""
    for kind, periods in (
        ("protection_plan", facts.protection_plans),
        ("cin_plan", facts.cin_plans),
        ("referral", facts.referrals),
    ):
        for period in periods:
            if period.covers(on):
                label = {
                    "protection_plan": "Child protection plan",
                    "cin_plan": "Child in need plan",
                    "referral": "Open referral",
                }[kind]
                return Evidence(kind, period.id, period.start, f"{label} from {_day(period.start)}")
    return None


def known_to_social_care(facts: ChildFacts, today: date) -> bool:
    """Open to children's social care today (an open referral, which covers assessment,
    children-in-need and protection plans, or looked after), or a contact or referral in the
    last twelve months."""
    year_ago = months_before(today, 12)
    if any(p.covers(today) for p in (*facts.referrals, *facts.care_periods)):
        return True
    return any(c.received_on >= year_ago for c in facts.contacts) or any(
        r.start >= year_ago or (r.end is not None and r.end >= year_ago) for r in facts.referrals
    )


# --- The rules --------------------------------------------------------------------------------


def removed_from_education(facts: ChildFacts, today: date) -> list[Finding]:
    findings = []
    start = today - timedelta(days=RECENT_DAYS)
    for event in facts.events:
        if event.event_type not in (REMOVED_FROM_ROLL, ELECTIVE_HOME_EDUCATION):
            continue
        if not _in_window(event.occurred_on, start, today):
            continue
        episode = _plan_or_open_referral(facts, event.occurred_on) or _plan_or_open_referral(
            facts, today
        )
        if episode is None:
            continue
        findings.append(
            Finding(
                "SG01",
                (_event_evidence(event), episode),
                f"{event.label} on {_day(event.occurred_on)} while the child has a "
                f"{episode.description[0].lower()}{episode.description[1:]}.",
            )
        )
    return findings


def missed_health_appointments(facts: ChildFacts, today: date) -> list[Finding]:
    start = months_before(today, 6)
    missed = sorted(
        (
            e
            for e in facts.events
            if e.event_type == MISSED_HEALTH_APPOINTMENT and _in_window(e.occurred_on, start, today)
        ),
        key=lambda e: (e.occurred_on, e.id),
    )
    if len(missed) < 3 or not known_to_social_care(facts, today):
        return []
    return [
        Finding(
            "SG02",
            tuple(_event_evidence(e) for e in missed),
            f"{len(missed)} missed health appointments between {_day(missed[0].occurred_on)} "
            f"and {_day(missed[-1].occurred_on)}, for a child known to children's social care.",
        )
    ]


def repeated_contacts_without_referral(facts: ChildFacts, today: date) -> list[Finding]:
    start = months_before(today, 12)
    recent = sorted(
        (
            c
            for c in facts.contacts
            if c.route != SIGNAL_ROUTE and _in_window(c.received_on, start, today)
        ),
        key=lambda c: (c.received_on, c.id),
    )
    if len(recent) < 3 or any(c.became_referral for c in recent):
        return []
    return [
        Finding(
            "SG03",
            tuple(Evidence("contact", c.id, c.received_on, "Contact") for c in recent),
            f"{len(recent)} contacts between {_day(recent[0].received_on)} and "
            f"{_day(recent[-1].received_on)}, none of which became a referral.",
        )
    ]


def domestic_abuse_at_home(facts: ChildFacts, today: date) -> list[Finding]:
    findings = []
    start = today - timedelta(days=RECENT_DAYS)
    seen: set[int] = set()
    for event in (*facts.events, *facts.address_events):
        if event.event_type != DOMESTIC_ABUSE_NOTIFICATION or event.id in seen:
            continue
        if not _in_window(event.occurred_on, start, today):
            continue
        plan = _on_plan(facts, event.occurred_on) or _on_plan(facts, today)
        if plan is None:
            continue
        linked = event in facts.events
        at_home = any(
            r.covers(event.occurred_on) and same_address(event, r) for r in facts.residences
        )
        if not (linked or at_home):
            continue
        seen.add(event.id)
        where = "at the child's home" if at_home else "about the child"
        findings.append(
            Finding(
                "SG04",
                (
                    _event_evidence(event),
                    Evidence(
                        "protection_plan",
                        plan.id,
                        plan.start,
                        f"Child protection plan from {_day(plan.start)}",
                    ),
                ),
                f"Domestic abuse notification {where} on {_day(event.occurred_on)}; the child "
                "is on a child protection plan.",
            )
        )
    return findings


def not_seen_on_plan(facts: ChildFacts, today: date) -> list[Finding]:
    plan = _on_plan(facts, today)
    if plan is None:
        return []
    sightings: list[Evidence] = [
        Evidence(
            s.kind,
            s.id,
            s.on,
            "Visit, child seen" if s.kind == "visit" else "Assessment, child seen",
        )
        for s in facts.sightings
        if s.on <= today
    ]
    sightings += [
        _event_evidence(e)
        for e in facts.events
        if e.event_type in EVENTS_WHERE_CHILD_SEEN and e.occurred_on <= today
    ]
    last = max(sightings, key=lambda e: (e.on, e.kind, e.id), default=None)
    since = last.on if last is not None else plan.start
    if (today - since).days < NOT_SEEN_DAYS:
        return []
    plan_evidence = Evidence(
        "protection_plan", plan.id, plan.start, f"Child protection plan from {_day(plan.start)}"
    )
    if last is None:
        return [
            Finding(
                "SG05",
                (plan_evidence,),
                f"No agency has recorded seeing the child since the plan started on "
                f"{_day(plan.start)} ({(today - since).days} days).",
            )
        ]
    return [
        Finding(
            "SG05",
            (plan_evidence, last),
            f"No agency has recorded seeing the child since {_day(last.on)} "
            f"({last.description}; {(today - since).days} days).",
        )
    ]


def injury_under_one(facts: ChildFacts, today: date) -> list[Finding]:
    start = today - timedelta(days=RECENT_DAYS)
    one = first_birthday(facts.date_of_birth) if facts.date_of_birth else None
    findings = []
    for e in facts.events:
        if e.event_type != INJURY or not _in_window(e.occurred_on, start, today):
            continue
        baby = one is not None and e.occurred_on < one
        if not (baby or e.non_mobile):
            continue
        who = (
            f"a baby under one (born {_day(facts.date_of_birth)})"
            if baby and facts.date_of_birth
            else "a child the reporting agency says is not yet mobile"
        )
        findings.append(
            Finding("SG06", (_event_evidence(e),), f"Injury on {_day(e.occurred_on)} to {who}.")
        )
    return findings


def _protected_or_looked_after(facts: ChildFacts, on: date) -> Evidence | None:
    """The child protection plan or period of care covering the day, the plan first."""
    plan = _on_plan(facts, on)
    if plan is not None:
        return Evidence(
            "protection_plan", plan.id, plan.start, f"Child protection plan from {_day(plan.start)}"
        )
    care = next((p for p in facts.care_periods if p.covers(on)), None)
    if care is not None:
        return Evidence(
            "looked_after", care.id, care.start, f"Looked after from {_day(care.start)}"
        )
    return None


def _serious_harm(event: PartnerEventFact) -> str:
    """What makes the event serious harm, in words, or "" if it is not."""
    if event.event_type == INJURY:
        return "an injury"
    if event.event_type == MISSING_EPISODE:
        return "a missing episode"
    if event.sexual_harm:
        return "sexual harm"
    return ""


def serious_harm_while_protected(facts: ChildFacts, today: date) -> list[Finding]:
    start = today - timedelta(days=RECENT_DAYS)
    findings = []
    seen: set[int] = set()
    at_home = [
        e
        for e in facts.address_events
        if e.sexual_harm
        and any(r.covers(e.occurred_on) and same_address(e, r) for r in facts.residences)
    ]
    for event in (*facts.events, *at_home):
        what = _serious_harm(event)
        if not what or event.id in seen or not _in_window(event.occurred_on, start, today):
            continue
        status = _protected_or_looked_after(facts, event.occurred_on) or (
            _protected_or_looked_after(facts, today)
        )
        if status is None:
            continue
        seen.add(event.id)
        where = " at the child's home" if event in at_home else ""
        by = f" ({event.organisation})" if event.organisation else ""
        state = (
            "is on a child protection plan"
            if status.kind == "protection_plan"
            else "is looked after"
        )
        findings.append(
            Finding(
                "SG07",
                (_event_evidence(event), status),
                f"{event.label}{by} on {_day(event.occurred_on)}{where}: {what}, and the "
                f"child {state} ({status.description[0].lower()}{status.description[1:]}).",
            )
        )
    return findings


RULES: tuple[Rule, ...] = (
    Rule(
        "SG01",
        "Removed from school while on a plan or open to social care",
        "A school tells us a child was removed from its roll or has moved to elective home "
        "education, and on that day or today the child is on a child protection plan or a "
        "child in need plan, or has an open referral. A child out of school loses the "
        "professional who sees them most often.",
        f"The removal or move happened in the last {RECENT_DAYS} days.",
        removed_from_education,
    ),
    Rule(
        "SG02",
        "Three or more missed health appointments",
        "Health tells us the child missed three or more appointments (GP, health visiting, "
        "school nursing, hospital) in six months, and the child is known to children's "
        "social care: an open referral or looked after today, or a contact or referral in the "
        "last twelve months.",
        "Appointments missed in the six calendar months up to and including today.",
        missed_health_appointments,
        fires_with_time=True,
    ),
    Rule(
        "SG03",
        "Three or more contacts, none became a referral",
        "The front door has received three or more contacts about the child in twelve months "
        "and none of them became a referral (including any still awaiting a decision), so "
        "each worry has been looked at on its own.",
        "Contacts received in the twelve calendar months up to and including today.",
        repeated_contacts_without_referral,
        fires_with_time=True,
    ),
    Rule(
        "SG04",
        "Domestic abuse at the home of a child on a plan",
        "Police notify domestic abuse at the address where a child on a child protection plan "
        "lives (the same postcode and the same first line of the address as the child's "
        "residence on that day; a postcode alone is not enough), or about the child "
        "themselves.",
        f"The incident happened in the last {RECENT_DAYS} days.",
        domestic_abuse_at_home,
    ),
    Rule(
        "SG05",
        "Child on a plan not seen for four weeks",
        "A child on a child protection plan has not been seen by any agency for four weeks. "
        "Seen means: a social care visit recorded as seeing the child, an assessment's "
        "'child seen' date, or a partner event that can only happen with a professional with "
        "the child (emergency department attendance, an injury reported, a weight or "
        "development check, police protection, an exclusion). Attendance concerns, missed "
        "appointments and notifications about the household do not count.",
        f"{NOT_SEEN_DAYS} days or more since the child was last seen (since the plan started, "
        "if they have never been seen).",
        not_seen_on_plan,
        fires_with_time=True,
    ),
    Rule(
        "SG06",
        "Injury to a baby under one",
        "Any agency tells us of an injury to a child who was under one year old on the day it "
        "happened, or to a child the agency says is not yet mobile (whatever their age). "
        "Babies who are not yet moving about rarely injure themselves (NICE CG89); every such "
        "injury needs a worker to consider it.",
        f"The injury happened in the last {RECENT_DAYS} days.",
        injury_under_one,
    ),
    Rule(
        "SG07",
        "Injury, sexual harm or missing episode for a child on a plan or looked after",
        "Any agency tells us of an injury to the child, a missing episode (missing from home "
        "or from care), or sexual harm (a concern whose harm type is sexual abuse or sexual "
        "exploitation, or the arrest of a household member for a sexual offence, about the "
        "child or at the child's home), and on that day or today the child is on a child "
        "protection plan or looked after. Sent at once to the allocated worker and to their "
        "team manager: each of these is a reason to act the same day.",
        f"The event happened in the last {RECENT_DAYS} days.",
        serious_harm_while_protected,
        tells_manager=True,
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def evaluate(facts: ChildFacts, today: date, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding of every rule for the child, in rule order."""
    return [finding for rule in rules for finding in rule.evaluate(facts, today)]


def new_findings(findings: Sequence[Finding], raised: dict[str, set[str]]) -> list[Finding]:
    """The findings worth a new signal: those with evidence not yet raised under their rule.

    `raised` maps a rule id to the evidence already in its signals for this child. The same
    rule on the same evidence is never raised twice, nor on a part of evidence already
    raised (three missed appointments after a fourth has dropped out of the window), but a
    new event in the pattern (a fourth missed appointment) is news and is raised.
    """
    fresh = []
    for finding in findings:
        known = raised.setdefault(finding.rule_id, set())
        if finding.refs - known:
            fresh.append(finding)
            known.update(finding.refs)
    return fresh
