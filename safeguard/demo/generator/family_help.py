"""The demo authority's family help (early help) service: families helped over the last 15
months, some still open, the rest closed for each of the reasons help ends.

Each family starts where family help starts in the record already generated: a contact the
front door decided "early help", or a referral closed after assessment "referred to early
help" (RC9, a step down). The family is that child and their brothers and sisters living at
the same address that day; the parent who lives with them gives consent. Help is led by a
practitioner of the council's family help team for the family's district, or by a partner:
`family.lead.demo`, Northbridge Academy's designated safeguarding lead, leads a few families
with school-age children, and a health visitor leads some with a child under five. Each
family has its assessment and the needs it found, a plan with outcomes (the Supporting
Families headline outcomes) and actions, team-around-the-family meetings with who came, and
reviews every six to twelve weeks whose progress on each outcome grows over time; then it
closes: needs met (every action done, a closing meeting), the family declined, they moved
away, or stepped up. A family whose child comes back to the front door and is referred to
social care while it is open steps up that day, so the record tells one story (only some of
those families are taken: the demo's children are those social care knows, many referred
again).

A family starts through the service for its route: the front door's "early help" decision
taken up (`family_help_start_from_contact`, the child's episode linked to the contact) or a
step down (`family_help_step_down`, the social care summary frozen on the child's episode).
Step-ups close family help with the reason STEPPED_UP on the day of the contact the generated
record already holds (`_Writer._close` says why not `family_help_step_up`).

Everything is written through `family_help.services`, so every rule is asked and every row
audited, after the rest of the authority is written, from the database, with random streams
of its own: the rest of the demo is as it was. The team's posts are added to the workforce
(`family_help_teams_add`) after every other worker, from a stream of their own, so every
other team and worker keeps its id (only later accounts' ids move: the new ones come first).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguard.agencies.models import PartnerOrganisation, PartnerUser
from safeguard.agencies.services.organisations import (
    partner_organisation_get_or_create,
    partner_user_add,
)
from safeguard.cases.models import Contact, Referral
from safeguard.common import codes
from safeguard.demo import names
from safeguard.demo.partners import ORGANISATIONS
from safeguard.demo.trail import worker_accounts_create
from safeguard.family_help import models as fh
from safeguard.family_help import services
from safeguard.family_help.outcomes import Outcome
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.people.models import Person, Relationship, Residence
from safeguard.timescales.working_days import add_months

from .organisation import LOCALITIES, TEAM_SIZE, Workforce
from .records import TeamRow, WorkerRow
from .streams import Weighted, between, chance, pick, substream
from .timeline import Timeline

FAMILY_LEAD_LOGIN = "family.lead.demo"
# Families whose help started in the last 15 months, per year, at scale 1 (a large city). With
# help lasting about six months on average, about 300 are open on the as-of day.
STARTS_PER_YEAR_AT_SCALE_1 = 600
WINDOW_MONTHS = 15
# Enough at the test scale (0.01) for open and closed families, each end reason, partner-led
# families and step-downs.
MIN_FAMILIES = 10
FAMILIES_PER_PRACTITIONER = 15
MIN_PRACTITIONERS = 2
# At least this share of the families are open on the as-of day, however few there are.
MIN_OPEN_SHARE = 0.35
# Of the families, started from a step down (an RC9 closure) rather than the front door.
STEP_DOWN_SHARE = 0.2
# family.lead.demo leads "a few": some open, some closed.
SCHOOL_LED_OPEN, SCHOOL_LED_CLOSED = 2, 1
HEALTH_VISITOR_LED_AT_SCALE_1 = 40
MIN_HEALTH_VISITOR_LED = 1
# Council-led families whose lead practitioner changed part way (leave, a move of team).
LEAD_CHANGE_SHARE = 0.15

NEEDS_MET = fh.EndReason.NEEDS_MET
STEPPED_UP = fh.EndReason.STEPPED_UP
DECLINED = fh.EndReason.FAMILY_DECLINED
MOVED = fh.EndReason.MOVED_AWAY
# Stepped up is not drawn: a family steps up when the record has a child referred to social
# care while it has help (`_plan_end`), and of those only this share is taken.
END_REASONS = Weighted({NEEDS_MET: 60, DECLINED: 25, MOVED: 15})
STEPPED_UP_KEPT = 0.6
# Days from the start to the end, by why it ended.
DURATION_DAYS = {
    NEEDS_MET: (150, 330),
    STEPPED_UP: (40, 240),
    DECLINED: (25, 100),
    MOVED: (60, 240),
}
PROGRESS = fh.OutcomeProgress.Progress
ATTENDANCE = fh.MeetingAttendee.Attendance
MEETING = fh.TeamAroundFamilyMeeting.Kind
REASON = fh.EarlyHelpEpisode.Reason

# What the assessment finds, and what the plan does about it, by headline outcome: the need,
# what will change, the baseline, and the actions (who, agency, what). All fictional.
NEEDS: dict[str, tuple[str, str, str, tuple[tuple[str, str, str], ...]]] = {
    Outcome.EDUCATION: (
        "School attendance has fallen to about 80% this year; late most Mondays.",
        "The children are in school on time every day.",
        "Attendance 80%, late on 14 days this term.",
        (
            ("Parent", "", "Use the morning routine chart and walk the children to school."),
            ("Attendance officer", "Northbridge Academy", "Weekly attendance check-in."),
        ),
    ),
    Outcome.EARLY_YEARS: (
        "The youngest is behind with speech and has not taken up the funded nursery place.",
        "The youngest is settled at nursery and their speech is catching up.",
        "Not attending nursery; two-year review shows delay in communication.",
        (
            ("Parent", "", "Visit two nurseries and take up the funded place."),
            ("Health visitor", "Health visiting", "Refer to speech and language therapy."),
        ),
    ),
    Outcome.HEALTH: (
        "Mother describes low mood since the baby was born and is not sleeping.",
        "Mother feels able to cope and knows where to get help when low.",
        "Low mood most days; not registered with talking therapies.",
        (
            ("Mother", "", "See the GP about low mood and sleep."),
            ("Lead practitioner", "", "Self-referral to talking therapies with mother."),
        ),
    ),
    Outcome.SUBSTANCE_USE: (
        "Father drinks most evenings; the children say he is 'grumpy and loud' then.",
        "Father drinks less and never while caring for the children alone.",
        "Drinking most evenings, by father's account.",
        (
            ("Father", "", "Attend the community alcohol service's first appointment."),
            ("Drug and alcohol worker", "Recovery service", "Fortnightly sessions with father."),
        ),
    ),
    Outcome.RELATIONSHIPS: (
        "Frequent arguments between the parents and the eldest; the eldest stays out late.",
        "Calmer evenings at home; the family can talk through problems.",
        "Arguments most days; eldest out past curfew three nights a week.",
        (
            ("Parents", "", "Attend the six-week parenting teenagers course."),
            ("Family support worker", "", "Weekly sessions on routines and boundaries."),
        ),
    ),
    Outcome.SAFETY: (
        "The eldest has been seen with older young people in the park late at night.",
        "The eldest spends evenings in safe places with people the family know.",
        "Out late three nights a week; new phone of unknown origin.",
        (
            ("Youth worker", "Northbridge Youth Service", "Weekly youth club and mentoring."),
            ("Parent", "", "Agree a safety plan and curfew with the eldest."),
        ),
    ),
    Outcome.CRIME: (
        "The eldest has been warned by the police for shoplifting with friends.",
        "No further offending; the eldest has something positive to do after school.",
        "One community resolution this term.",
        (
            ("Youth worker", "Northbridge Youth Service", "Enrol the eldest in the sports club."),
            ("School", "Northbridge Academy", "Mentoring with a member of staff."),
        ),
    ),
    Outcome.DOMESTIC_ABUSE: (
        "Mother has left an abusive relationship; the former partner still sends messages.",
        "Mother and the children feel safe at home and know what to do if worried.",
        "Messages from the former partner most weeks; no safety plan.",
        (
            ("Domestic abuse worker", "Domestic abuse service", "Safety planning with mother."),
            ("Lead practitioner", "", "Help the children to the group for children affected."),
        ),
    ),
    Outcome.HOUSING: (
        "The family's flat is damp and overcrowded; rent arrears of six weeks.",
        "The family live in a safe, warm home and the tenancy is secure.",
        "Damp in two rooms; six weeks' rent arrears.",
        (
            ("Lead practitioner", "", "Report the damp to the landlord with the family."),
            ("Housing officer", "Northbridge Homes", "Agree a plan to clear the arrears."),
        ),
    ),
    Outcome.FINANCIAL: (
        "Debts for gas and electricity; the family have used the food bank twice this month.",
        "The family manage their money and can pay for food and heating.",
        "Two food bank visits this month; energy debt.",
        (
            ("Parent", "", "Book an appointment with the money advice service."),
            ("Lead practitioner", "", "Help apply for the household support fund."),
        ),
    ),
}
REASON_FOR = {
    Outcome.EDUCATION: REASON.WELLBEING,
    Outcome.EARLY_YEARS: REASON.WELLBEING,
    Outcome.HEALTH: REASON.MENTAL_HEALTH,
    Outcome.SUBSTANCE_USE: REASON.SUBSTANCE_MISUSE,
    Outcome.RELATIONSHIPS: REASON.PARENTING,
    Outcome.SAFETY: REASON.ABUSE_OR_NEGLECT,
    Outcome.CRIME: REASON.OTHER,
    Outcome.DOMESTIC_ABUSE: REASON.DOMESTIC_ABUSE,
    Outcome.HOUSING: REASON.SOCIO_ECONOMIC,
    Outcome.FINANCIAL: REASON.SOCIO_ECONOMIC,
}
FAMILY_VIEWS = (
    "Mum says things have got on top of her since the move and she wants help with routines.",
    "The parents want the arguments at home to stop and the children back on track at school.",
    "Dad says he did not think he needed help but agrees the children are worried.",
)
CHILD_VOICES = (
    "The eldest says home is 'OK but shouty' and wants to see friends more.",
    "The children drew their family and said they like it when everyone eats together.",
    "The youngest was too young to say; seen playing happily with mum at the visit.",
)
ANALYSES = (
    "Needs are below the threshold for social care; the family are motivated and the "
    "school and health visitor are involved. A plan over about six months should help.",
    "Several needs together: without help they are likely to grow. The family agree to a "
    "plan and to a team around the family.",
)
DECISIONS = {
    MEETING.INITIAL: "Plan agreed with the family; next meeting in about six weeks.",
    MEETING.REVIEW: "Progress reviewed with the family; actions updated; next meeting set.",
    MEETING.CLOSING: "Outcomes met; the family know how to ask for help again.",
}
EVIDENCE = {
    PROGRESS.NOT_STARTED: "Not started yet: waiting for the first appointment.",
    PROGRESS.SOME: "Some change reported by the family and the school.",
    PROGRESS.SIGNIFICANT: "Change sustained over the last two months, by everyone's account.",
}


# The family help team's posts -------------------------------------------------------------


def _name(rng: random.Random) -> tuple[str, str]:
    group = pick(rng, tuple(names.SURNAMES))
    table = names.FIRST_NAMES_FEMALE if chance(rng, 0.75) else names.FIRST_NAMES_MALE
    return pick(rng, table[group]), pick(rng, names.SURNAMES[group])


def family_count(scale: float) -> int:
    return max(MIN_FAMILIES, round(STARTS_PER_YEAR_AT_SCALE_1 * scale * WINDOW_MONTHS / 12))


def family_help_teams_add(workforce: Workforce, seed: int, scale: float, t: Timeline) -> None:
    """The council's family help teams (one per locality at scale 1), each with a manager and
    practitioners for about 15 open families each, in the front door's service (family help
    beside the front door, as the Families First reforms ask). Appended after every other
    team and worker, so their ids are as they were."""
    rng = substream(seed, "family-help-workforce")
    open_families = family_count(scale) * 6 / WINDOW_MONTHS
    practitioners = max(MIN_PRACTITIONERS, math.ceil(open_families / FAMILIES_PER_PRACTITIONER))
    count = max(1, min(len(LOCALITIES), math.ceil(practitioners / (TEAM_SIZE + 1))))
    service = next(s for s in workforce.services if s.name == "Front Door and Assessment")
    kind_teams: list[TeamRow] = []
    for i in range(count):
        name = f"Family Help Team {LOCALITIES[i]}" if count > 1 else "Family Help Team"
        slug = name.lower().replace(" ", ".")
        team = TeamRow(
            name, "family_help", service,
            phone=f"{names.FICTION_PHONE_PREFIX}{len(workforce.teams):03d}",
            email=f"{slug}@{names.EMAIL_DOMAIN}",
        )  # fmt: skip
        workforce.teams.append(team)
        kind_teams.append(team)

    def hire(role: str, team: TeamRow) -> WorkerRow:
        first, last = _name(rng)
        started = t.sim_start - timedelta(days=between(rng, 100, 6 * 365))
        worker = WorkerRow(first, last, role, team, started)
        workforce.workers.append(worker)
        return worker

    for team in kind_teams:
        team.manager = hire("team_manager", team)
    for i in range(practitioners):
        hire("family_help_practitioner", kind_teams[i % count])
    workforce.teams_by_kind["family_help"] = kind_teams


# Who leads ---------------------------------------------------------------------------------


@dataclass
class Leads:
    """The people who may lead a family: each team's practitioners, and the partners'."""

    practitioners: dict[int, list[Worker]]
    school_lead: PartnerUser
    health_visitors: list[PartnerUser]
    load: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def practitioner(
        self, team: Team, rng: random.Random, *, besides: Worker | None = None
    ) -> Worker:
        choices = [w for w in self.practitioners[team.pk] if w != besides]
        least = min(self.load[w.pk] for w in choices)
        worker = pick(rng, [w for w in choices if self.load[w.pk] == least])
        self.load[worker.pk] += 1
        return worker


def _partner_leads(seed: int, password: str, scale: float) -> tuple[PartnerUser, list[PartnerUser]]:
    """family.lead.demo (Northbridge Academy's safeguarding lead) and the health visitors.

    The demo's four partners are made first, in `demo.partners`' order, so their ids are as
    they were; `demo_partners_create` finds them."""
    authority = Authority.objects.order_by("pk").get()
    organisations = {
        kind: partner_organisation_get_or_create(authority=authority, name=name, kind=kind)[0]
        for name, kind in ORGANISATIONS
    }
    health_visiting = partner_organisation_get_or_create(
        authority=authority,
        name=names.PARTNER_HEALTH_VISITING,
        kind=PartnerOrganisation.Kind.HEALTH_VISITING,
    )[0]
    rng = substream(seed, "family-help-partners")
    User = get_user_model()
    first, last = _name(rng)
    user = User.objects.create_user(
        username=FAMILY_LEAD_LOGIN, password=password, first_name=first, last_name=last
    )
    school_lead = partner_user_add(
        user=user, organisation=organisations[PartnerOrganisation.Kind.SCHOOL]
    )
    health_visitors = []
    for i in range(max(1, round(3 * scale))):
        first, last = _name(rng)
        # No password: an account that cannot sign in until an administrator sets it up, as
        # the workers' (trail.worker_accounts_create).
        hv = User.objects.create_user(
            username=f"hv.{last.lower()}.{i + 1}", first_name=first, last_name=last
        )
        health_visitors.append(partner_user_add(user=hv, organisation=health_visiting))
    return school_lead, health_visitors


# The families ------------------------------------------------------------------------------


@dataclass
class Start:
    """Where a family's help came from: a front-door decision or a step down."""

    on: date
    child_id: int
    route: str
    # The contact decided "early help" (front door) or the referral closed RC9 (step down).
    source_id: int


@dataclass
class Family:
    start: Start
    children: list[Person]
    consent_by: str
    team: Team
    rng: random.Random
    end_on: date | None = None
    end_reason: str = ""
    # The first day a child of the family was referred to social care after help started.
    referred_on: date | None = None
    lead: str = "council"  # council, school or health visitor

    def youngest_age(self) -> int:
        return min(_age(c, self.start.on) for c in self.children)

    def oldest_age(self) -> int:
        return max(_age(c, self.start.on) for c in self.children)


def _age(person: Person, on: date) -> int:
    age = person.age_on(on)
    return 0 if age is None else age


def _starts(since: date, until: date) -> list[Start]:
    decisions = (
        Contact.objects.filter(
            decision=codes.ContactDecision.EARLY_HELP,
            decided_at__date__gte=since,
            decided_at__date__lte=until,
            child__isnull=False,
        )
        .order_by("decided_at", "pk")
        .values_list("decided_at", "child_id", "pk")
    )
    step_downs = (
        Referral.objects.filter(
            closure_reason=codes.ReasonForClosure.RC9,
            closure_date__gte=since,
            closure_date__lte=until,
        )
        .order_by("closure_date", "pk")
        .values_list("closure_date", "child_id", "pk")
    )
    front_door = [
        Start(timezone.localdate(at), child, fh.FamilyHelpEpisode.StartRoute.FRONT_DOOR, pk)
        for at, child, pk in decisions
        if at is not None
    ]
    return front_door + [
        Start(on, child, fh.FamilyHelpEpisode.StartRoute.STEP_DOWN, pk)
        for on, child, pk in step_downs
        if on is not None
    ]


class _Record:
    """What the generated record already says about the children, read once."""

    def __init__(self) -> None:
        self.social_care: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for child, opened, closed in Referral.objects.values_list(
            "child_id", "referral_date", "closure_date"
        ):
            self.social_care[child].append((opened, closed))
        self.referred: dict[int, list[date]] = defaultdict(list)
        for child, at in Contact.objects.filter(
            child__isnull=False,
            decision__in=(
                codes.ContactDecision.REFERRAL,
                codes.ContactDecision.STRATEGY_DISCUSSION,
            ),
        ).values_list("child_id", "received_at"):
            self.referred[child].append(timezone.localdate(at))

    def in_social_care(self, child: int, on: date) -> bool:
        return any(o <= on and (c is None or c > on) for o, c in self.social_care[child])

    def next_referral(self, child: int, after: date) -> date | None:
        return min((d for d in self.referred[child] if d > after), default=None)


def _household(child: Person, on: date) -> tuple[list[Person], str]:
    """The child and the brothers and sisters living with them on `on`, and the name of a
    parent living with them (who gives consent)."""
    home = (
        Residence.objects.filter(person=child, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("address_id", flat=True)
        .first()
    )
    living = (
        set(
            Residence.objects.filter(address_id=home, start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .values_list("person_id", flat=True)
        )
        if home is not None
        else set()
    )
    siblings = Relationship.objects.filter(
        relative=child,
        kind__in=(codes.RelationshipKind.SIBLING, codes.RelationshipKind.HALF_SIBLING),
        person_id__in=living,
    ).values_list("person_id", flat=True)
    children = [child] + [
        p
        for p in Person.objects.filter(pk__in=list(siblings), is_child=True).order_by("pk")
        if p.date_of_birth is not None and p.date_of_birth <= on and _age(p, on) < 18
    ]
    parent = (
        Person.objects.filter(
            pk__in=Relationship.objects.filter(
                relative=child, kind=codes.RelationshipKind.PARENT, person_id__in=living
            ).values("person_id")
        )
        .order_by("pk")
        .first()
    )
    return children, parent.full_name if parent is not None else "Parent"


def _plan_families(seed: int, scale: float, as_of: date, teams: list[Team]) -> list[Family]:
    since = add_months(as_of, -WINDOW_MONTHS)
    # Time for consent after the decision, and a day or two of help before the as-of day.
    starts = _starts(since, as_of - timedelta(days=14))
    rng = substream(seed, "family-help")
    rng.shuffle(starts)
    wanted = family_count(scale)
    step_downs = max(1, round(wanted * STEP_DOWN_SHARE))
    record = _Record()
    people = Person.objects.in_bulk({s.child_id for s in starts})
    used: set[int] = set()
    families: list[Family] = []
    taken: dict[str, int] = {
        fh.FamilyHelpEpisode.StartRoute.FRONT_DOOR: 0,
        fh.FamilyHelpEpisode.StartRoute.STEP_DOWN: 0,
    }
    limits: dict[str, int] = {
        fh.FamilyHelpEpisode.StartRoute.FRONT_DOOR: wanted - step_downs,
        fh.FamilyHelpEpisode.StartRoute.STEP_DOWN: step_downs,
    }
    for start in starts:
        if len(families) == wanted:
            break
        if taken[start.route] >= limits[start.route] or start.child_id in used:
            continue
        child = people[start.child_id]
        family_rng = substream(seed, "family-help", start.child_id, start.on)
        # Consent at the first visit, days after the decision; help starts then.
        on = start.on + timedelta(days=between(family_rng, 2, 10))
        # Born by the day help starts (help in pregnancy is an unborn child's, the record of a
        # child born since has a date of birth), and under 17, so help ends before they are 18.
        born = child.date_of_birth
        if born is None or born > on or child.date_of_death is not None or _age(child, on) >= 17:
            continue
        children, parent = _household(child, on)
        ids = [c.pk for c in children]
        if used.intersection(ids) or any(record.in_social_care(c, on) for c in ids):
            continue
        family = Family(
            Start(on, start.child_id, start.route, start.source_id),
            children,
            parent,
            teams[(_district(child) - 1) % len(teams)],
            family_rng,
        )
        _plan_end(family, record, as_of)
        # The demo's children are the ones social care came to know, so many are referred
        # again: take only some of those, so about one family in five steps up.
        if family.end_reason == STEPPED_UP and not chance(family_rng, STEPPED_UP_KEPT):
            continue
        used.update(ids)
        taken[start.route] += 1
        families.append(family)
    families.sort(key=lambda f: (f.start.on, f.start.child_id))
    _keep_some_open(families)
    _cover_every_end_reason(families, as_of)
    _choose_partner_leads(families, scale)
    return families


def _district(child: Person) -> int:
    postcode = (
        Residence.objects.filter(person=child)
        .order_by("-start_date")
        .values_list("address__postcode", flat=True)
        .first()
    ) or ""
    digits = "".join(ch for ch in postcode.split(" ")[0] if ch.isdigit())
    return int(digits) if digits else 1


def _plan_end(family: Family, record: _Record, as_of: date) -> None:
    rng = family.rng
    reason = END_REASONS.pick(rng)
    end = family.start.on + timedelta(days=between(rng, *DURATION_DAYS[reason]))
    # A child referred to social care while the family has help: stepped up that day.
    referred = min(
        (
            d
            for c in family.children
            if (d := record.next_referral(c.pk, family.start.on + timedelta(days=14))) is not None
        ),
        default=None,
    )
    family.referred_on = referred
    if referred is not None and referred <= min(end, as_of):
        reason, end = STEPPED_UP, referred
    if end <= as_of:
        family.end_on, family.end_reason = end, reason


def _keep_some_open(families: list[Family]) -> None:
    """At a small scale chance may close nearly every family: the latest started of those
    closed, with no child referred to social care since, stay open instead."""
    wanted = math.ceil(len(families) * MIN_OPEN_SHARE)
    open_ = sum(f.end_on is None for f in families)
    for family in sorted(families, key=lambda f: f.start.on, reverse=True):
        if open_ >= wanted:
            return
        if family.end_on is not None and family.referred_on is None:
            family.end_on, family.end_reason = None, ""
            open_ += 1


def _cover_every_end_reason(families: list[Family], as_of: date) -> None:
    """At a small scale chance may leave an end reason out of the last year (the year the
    indicators count): give each missing one to a family that started long enough ago,
    keeping at least a third of the families open and every other reason in the year."""
    year_ago = add_months(as_of, -12)

    def in_year(f: Family) -> bool:
        return f.end_on is not None and f.end_on > year_ago

    for reason in (NEEDS_MET, DECLINED, MOVED, STEPPED_UP):
        if any(in_year(f) and f.end_reason == reason for f in families):
            continue
        low = DURATION_DAYS[reason][0]
        open_ = sum(f.end_on is None for f in families)
        spare = [
            f
            for f in families
            if (f.end_on is None and f.referred_on is None and open_ > len(families) // 3)
            or (f.end_on is not None and not in_year(f))
            or (
                in_year(f)
                and sum(in_year(g) and g.end_reason == f.end_reason for g in families) > 1
            )
        ]
        fits = [
            (f, end)
            for f in spare
            if (as_of - f.start.on).days > low + 7
            and (
                end := min(
                    max(f.start.on + timedelta(days=low), year_ago + timedelta(days=1)),
                    as_of - timedelta(days=7),
                )
            )
            # Never open past the day a child was referred to social care.
            and (f.referred_on is None or f.referred_on > end)
        ]
        if fits:
            family, family.end_on = fits[0][0], fits[0][1]
            family.end_reason = reason


def _choose_partner_leads(families: list[Family], scale: float) -> None:
    """family.lead.demo leads a few families with a child of school age, some still open; a
    health visitor leads some with a child under five."""
    school_age = [f for f in families if f.oldest_age() >= 5 and f.youngest_age() <= 15]
    for want_open, count in ((True, SCHOOL_LED_OPEN), (False, SCHOOL_LED_CLOSED)):
        for family in [f for f in school_age if (f.end_on is None) == want_open][:count]:
            family.lead = "school"
    under_five = [f for f in families if f.lead == "council" and f.youngest_age() < 5]
    for family in under_five[
        : max(MIN_HEALTH_VISITOR_LED, round(HEALTH_VISITOR_LED_AT_SCALE_1 * scale))
    ]:
        family.lead = "health visitor"


# Writing one family through the services ----------------------------------------------------


OTHER_ROLES = ("Class teacher", "Health visitor", "Family support worker")
_ATTENDANCE = Weighted(
    {ATTENDANCE.ATTENDED: 80, ATTENDANCE.APOLOGIES: 14, ATTENDANCE.DID_NOT_ATTEND: 6}
)


def _attendance(rng: random.Random) -> str:
    return _ATTENDANCE.pick(rng)


class _Writer:
    """One family's life, each step through its service, in the order it happened."""

    def __init__(self, family: Family, leads: Leads, as_of: date) -> None:
        self.f, self.leads = family, leads
        self.rng = family.rng
        self.last = family.end_on or as_of
        self.worker: Worker | None = None
        self.partner: PartnerUser | None = None
        # The same teacher, health visitor and family support worker at every meeting.
        self.others = {role: " ".join(_name(self.rng)) for role in OTHER_ROLES}

    def lead_attendee(self) -> services.AttendeeRecorded:
        if self.partner is not None:
            user = self.partner.user
            return services.AttendeeRecorded(
                name=f"{user.first_name} {user.last_name}",
                role="Lead practitioner",
                agency=self.partner.organisation.name,
                attendance=ATTENDANCE.ATTENDED,
                partner_user=self.partner,
            )
        assert self.worker is not None
        return services.AttendeeRecorded(
            name=f"{self.worker.first_name} {self.worker.last_name}",
            role="Lead practitioner",
            agency="Family help",
            attendance=ATTENDANCE.ATTENDED,
            worker=self.worker,
        )

    def attendees(self, kind: str) -> list[services.AttendeeRecorded]:
        rng = self.rng
        out = [
            services.AttendeeRecorded(
                name=self.f.consent_by,
                role="Parent",
                is_family_member=True,
                attendance=ATTENDANCE.ATTENDED if chance(rng, 0.9) else ATTENDANCE.DID_NOT_ATTEND,
            ),
            self.lead_attendee(),
        ]
        if self.f.lead != "school" and self.f.oldest_age() >= 5:
            out.append(
                services.AttendeeRecorded(
                    name=self.others["Class teacher"],
                    role="Class teacher",
                    agency=names.PARTNER_SCHOOL,
                    attendance=_attendance(rng),
                )
            )
        if self.f.lead != "health visitor" and self.f.youngest_age() < 5:
            out.append(
                services.AttendeeRecorded(
                    name=self.others["Health visitor"],
                    role="Health visitor",
                    agency=names.PARTNER_HEALTH_VISITING,
                    attendance=_attendance(rng),
                )
            )
        if kind != MEETING.CLOSING and chance(rng, 0.4):
            out.append(
                services.AttendeeRecorded(
                    name=self.others["Family support worker"],
                    role="Family support worker",
                    agency="Family help",
                    attendance=_attendance(rng),
                )
            )
        return out

    def days(self, on: date, low: int, high: int) -> date | None:
        """A day `low` to `high` days after `on`, if it comes before the help ends."""
        day = on + timedelta(days=between(self.rng, low, high))
        return day if day <= self.last else None

    def write(self) -> fh.FamilyHelpEpisode:
        f, rng = self.f, self.rng
        areas = self._areas()
        if f.lead == "school":
            self.partner = self.leads.school_lead
        elif f.lead == "health visitor":
            self.partner = pick(rng, self.leads.health_visitors)
        else:
            self.worker = self.leads.practitioner(f.team, rng)
        # Each route through its own service: the front door's decision taken up (the child's
        # episode linked to the contact), a step down with the social care summary frozen on
        # the child's episode; the brothers and sisters join the same day.
        start, reason = f.start, REASON_FOR[areas[0]]
        consent_given_on = start.on - timedelta(days=between(rng, 0, 2))
        first = next(c for c in f.children if c.pk == start.child_id)
        others = [services.ChildJoining(child=c, reason=reason) for c in f.children if c != first]
        if start.route == fh.FamilyHelpEpisode.StartRoute.FRONT_DOOR:
            episode = services.family_help_start_from_contact(
                contact=Contact.objects.get(pk=start.source_id),
                team=f.team,
                started_on=start.on,
                reason=reason,
                also_joining=others,
                consent_given_on=consent_given_on,
                consent_given_by=f.consent_by,
                worker=self.worker,
                partner_user=self.partner,
            )
        else:
            episode = services.family_help_step_down(
                team=f.team,
                started_on=start.on,
                children=[
                    services.ChildSteppingDown(
                        child=first,
                        referral=Referral.objects.get(pk=start.source_id),
                        reason=reason,
                    )
                ],
                consent_given_on=consent_given_on,
                consent_given_by=f.consent_by,
                worker=self.worker,
                partner_user=self.partner,
            )
            for joining in others:
                services.family_help_child_add(
                    family_help=episode, joining=joining, start_date=start.on
                )
        self._handover(episode)
        plan = self._assess_and_plan(episode, areas)
        if plan is not None:
            self._review(episode, plan)
        self._close(episode, plan)
        return episode

    def _areas(self) -> list[Outcome]:
        rng = self.f.rng
        first: list[Outcome] = []
        if self.f.youngest_age() < 5:
            first.append(Outcome.EARLY_YEARS)
        if self.f.oldest_age() >= 5:
            first.append(Outcome.EDUCATION)
        others = [o for o in Outcome if o not in first]
        rng.shuffle(others)
        areas = [pick(rng, first)] if first else []
        return (areas + others)[: between(rng, 2, 3)]

    def _handover(self, episode: fh.FamilyHelpEpisode) -> None:
        if self.worker is None or not chance(self.rng, LEAD_CHANGE_SHARE):
            return
        on = self.days(self.f.start.on, 30, 120)
        if on is None or len(self.leads.practitioners[self.f.team.pk]) < 2:
            return
        self.worker = self.leads.practitioner(self.f.team, self.rng, besides=self.worker)
        services.lead_practitioner_assign(family_help=episode, start_date=on, worker=self.worker)

    def _assess_and_plan(
        self, episode: fh.FamilyHelpEpisode, areas: Sequence[Outcome]
    ) -> fh.FamilyPlan | None:
        rng = self.rng
        started = self.days(self.f.start.on, 0, 5)
        if started is None:
            return None
        assessment = services.family_help_assessment_start(family_help=episode, start_date=started)
        completed = self.days(started, 10, 35)
        if completed is None:
            return None
        services.family_help_assessment_complete(
            assessment=assessment,
            completed_on=completed,
            needs=[services.NeedFound(area=a, description=NEEDS[a][0]) for a in areas],
            family_view=pick(rng, FAMILY_VIEWS),
            child_voice=pick(rng, CHILD_VOICES),
            analysis=pick(rng, ANALYSES),
        )
        agreed = self.days(completed, 0, 10)
        if agreed is None:
            return None
        services.family_meeting_record(
            family_help=episode,
            held_on=agreed,
            kind=MEETING.INITIAL,
            attendees=self.attendees(MEETING.INITIAL),
            decisions=DECISIONS[MEETING.INITIAL],
        )
        return services.family_plan_agree(
            family_help=episode,
            agreed_on=agreed,
            outcomes=[
                services.OutcomeAgreed(
                    area=a,
                    what_will_change=NEEDS[a][1],
                    baseline=NEEDS[a][2],
                    actions=[
                        services.ActionAgreed(
                            who=who,
                            agency=agency,
                            what=what,
                            by_date=agreed + timedelta(weeks=between(rng, 4, 12)),
                        )
                        for who, agency, what in NEEDS[a][3]
                    ],
                )
                for a in areas
            ],
        )

    def _review(self, episode: fh.FamilyHelpEpisode, plan: fh.FamilyPlan) -> None:
        """Reviews every six to twelve weeks; actions done in between; each outcome's progress
        moves on (or not) from one review to the next."""
        rng = self.rng
        outcomes = list(plan.outcomes.order_by("pk"))
        level = dict.fromkeys((o.pk for o in outcomes), 0)
        steps = (PROGRESS.NOT_STARTED, PROGRESS.SOME, PROGRESS.SIGNIFICANT)
        on = plan.agreed_on
        while (on := self.days(on, 42, 84) or self.last + timedelta(days=1)) < self.last:
            self._actions_done(plan, on, 0.5)
            meeting = services.family_meeting_record(
                family_help=episode,
                held_on=on,
                kind=MEETING.REVIEW,
                attendees=self.attendees(MEETING.REVIEW),
                decisions=DECISIONS[MEETING.REVIEW],
            )
            for o in outcomes:
                level[o.pk] = min(2, level[o.pk] + (1 if chance(rng, 0.6) else 0))
            services.family_plan_review_record(
                plan=plan,
                reviewed_on=on,
                meeting=meeting,
                progress=[
                    services.ProgressRecorded(
                        outcome=o,
                        progress=steps[level[o.pk]],
                        evidence=EVIDENCE[steps[level[o.pk]]],
                    )
                    for o in outcomes
                ],
            )

    def _actions_done(self, plan: fh.FamilyPlan, by: date, share: float) -> None:
        since = max([plan.agreed_on, *plan.reviews.values_list("reviewed_on", flat=True)])
        for action in fh.PlanAction.objects.filter(
            outcome__plan=plan, done_on__isnull=True
        ).order_by("pk"):
            if chance(self.rng, share):
                done = since + timedelta(days=between(self.rng, 0, max(0, (by - since).days)))
                services.plan_action_done(action=action, done_on=done)

    def _close(self, episode: fh.FamilyHelpEpisode, plan: fh.FamilyPlan | None) -> None:
        f = self.f
        if f.end_on is None:
            return
        reason = f.end_reason
        if reason == NEEDS_MET:
            if plan is None:
                # Needs met without a plan is not possible: the family stopped before one.
                reason = DECLINED
            else:
                self._actions_done(plan, f.end_on, 1.0)
                services.family_meeting_record(
                    family_help=episode,
                    held_on=f.end_on,
                    kind=MEETING.CLOSING,
                    attendees=self.attendees(MEETING.CLOSING),
                    decisions=DECISIONS[MEETING.CLOSING],
                )
        # A family stepped up closes on the day the record already refers its child: the
        # contact and referral are the generated record's own. `family_help_step_up` would
        # make a second contact for that day, so the demo's step-ups carry no StepUp row.
        services.family_help_close(family_help=episode, ended_on=f.end_on, end_reason=reason)


def give_family_help(seed: int, scale: float, as_of: date, password: str) -> dict[str, int]:
    """Write the demo's family help: the partner leads (and family.lead.demo's sign-in), then
    each family, oldest first; the rows written, by model."""
    # The family help practitioners lead families, and the access filter reads the lead's
    # account: every worker gets theirs now (generate_demo would give them next, the same).
    worker_accounts_create()
    with transaction.atomic():
        school_lead, health_visitors = _partner_leads(seed, password, scale)
        teams = list(Team.objects.filter(kind=Team.Kind.FAMILY_HELP).order_by("pk"))
        practitioners: dict[int, list[Worker]] = defaultdict(list)
        for worker in Worker.objects.filter(
            team__in=teams, role=Worker.Role.FAMILY_HELP_PRACTITIONER
        ).order_by("pk"):
            if worker.team_id is not None:
                practitioners[worker.team_id].append(worker)
        leads = Leads(practitioners, school_lead, health_visitors)
        for family in _plan_families(seed, scale, as_of, teams):
            _Writer(family, leads, as_of).write()
    return {
        f"family_help.{model._meta.model_name}": model.objects.count()
        for model in (
            fh.FamilyHelpEpisode,
            fh.EarlyHelpEpisode,
            fh.LeadPractitioner,
            fh.FamilyHelpAssessment,
            fh.AssessedNeed,
            fh.FamilyPlan,
            fh.PlanOutcome,
            fh.PlanAction,
            fh.TeamAroundFamilyMeeting,
            fh.MeetingAttendee,
            fh.FamilyPlanReview,
            fh.OutcomeProgress,
        )
    }
