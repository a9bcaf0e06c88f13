"""The demo authority's workforce record (issue 17): its social work establishment over five
years, who filled each post, each social worker's census details, and their absence.

It reproduces an improvement journey like the one the 2010 statement this project grew from
reported: vacancies falling from about 23% to 15% of posts and sickness from about 25 to 17
days per FTE over five years (JOURNEY). Written after the rest of the demo, from the workers
already written, and it changes none of their rows (nor who holds any case):

- each post the staffing stage filled with one worker after another (a team's "slot",
  `organisation.Workforce`) becomes a `Post`, and each of its holders a `PostHolding`,
  permanent or agency as the worker is. The chain is found again from the written workers: in
  one team, role and FTE, a holder starts on the day the one before left;
- funded posts left vacant for stretches are added to the case-holding teams, as many on
  each 30 September (the census day) as the year's vacancy rate asks, given who was in post;
- sickness spells are drawn for the permanent post holders until each census year has lost
  the year's days per FTE; a little training and maternity leave beside them;
- every social worker's census details are generated (age, gender, ethnicity from their
  name's background, qualification, where a starter came from, where a leaver went and why).

Social workers here are the workers the staffing stage registered with Social Work England
(`registration_number`). Heads of service hold no team post (a post belongs to a team), so
they have census details and no post. The DfE's definitions are in `workforce/figures.py`:
a vacancy is a funded post's FTE with no directly employed holder (agency cover leaves it
vacant); sickness days per FTE are the year's working days lost to sickness over the FTE of
social workers in post on 30 September.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate

from django.db import transaction

from safeguard.common.codes import Ethnicity
from safeguard.demo import names
from safeguard.organisation.models import Authority, Team, Worker
from safeguard.timescales.working_days import add_working_days, is_working_day
from safeguard.workforce.codes import (
    AbsenceReason,
    CswwGender,
    LeaverDestination,
    QualLevel,
    ReasonLeave,
    StartOrigin,
)
from safeguard.workforce.models import Absence, Post, PostHolding, WorkerDetails
from safeguard.workforce.rules import working_days_in

from .organisation import CASE_HOLDING_KINDS
from .streams import Weighted, between, chance, substream

ONE_DAY = timedelta(days=1)
CENSUS_YEARS = 5
BATCH = 2000
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Journey:
    """The year's vacancy rate (% of posts, on 30 September) and sickness (working days lost
    per FTE in the year to 30 September), oldest year first."""

    vacancy_rate: tuple[float, ...]
    sickness_days_per_fte: tuple[float, ...]


# The 2010 statement's journey: 23% of posts vacant falling to 15%, 25 days' sickness per FTE
# falling to 16.9, most of the gain in the middle years, as recruitment and the absence
# policy took hold.
JOURNEY = Journey(
    vacancy_rate=(23.0, 21.5, 19.0, 16.5, 15.0),
    sickness_days_per_fte=(25.0, 23.5, 21.0, 18.5, 17.0),
)

# Absence spells in working days: most sickness is a day or two, a little is long-term and
# makes up much of the days lost (as in councils' own absence reports).
SICKNESS_SPELLS: tuple[tuple[float, int, int], ...] = (
    (0.68, 1, 3),
    (0.24, 4, 15),
    (0.08, 20, 60),
)
# Training days a permanent worker takes in a year, and the chance of maternity or
# paternity leave starting in a year.
TRAINING_SPELLS_PER_FTE = 0.5
PARENTAL_LEAVE_PER_YEAR = 0.03

# Fictional institutions (the demo names no real university).
INSTITUTIONS = (
    "University of Northbridge",
    "Northbridge Metropolitan University",
    "University of the Northern Vale",
    "Eastmoor University",
    "Kingsmere University",
    "Westhaven University",
    "Riverside University College",
    "Open University of the Fells",
)

# The census's social work workforce is about 80% women (Children's social work workforce).
GENDERS_BY_NAME = {"female": CswwGender.FEMALE, "male": CswwGender.MALE}
ETHNICITY_BY_NAME_GROUP: dict[str, tuple[tuple[str, float], ...]] = {
    names.WHITE_BRITISH: (
        (Ethnicity.WBRI, 0.86), (Ethnicity.MWBC, 0.04), (Ethnicity.MWBA, 0.02),
        (Ethnicity.MWAS, 0.02), (Ethnicity.MOTH, 0.02), (Ethnicity.REFU, 0.04),
    ),
    names.IRISH: ((Ethnicity.WIRI, 0.9), (Ethnicity.WBRI, 0.1)),
    names.EASTERN_EUROPEAN: ((Ethnicity.WOTH, 0.95), (Ethnicity.WROM, 0.05)),
    names.SOUTH_ASIAN_MUSLIM: ((Ethnicity.APKN, 0.6), (Ethnicity.ABAN, 0.3), (Ethnicity.AOTH, 0.1)),
    names.SOUTH_ASIAN_INDIAN: ((Ethnicity.AIND, 0.85), (Ethnicity.AOTH, 0.15)),
    names.BLACK_AFRICAN: ((Ethnicity.BAFR, 0.9), (Ethnicity.BOTH, 0.1)),
    names.BLACK_CARIBBEAN: ((Ethnicity.BCRB, 0.85), (Ethnicity.MWBC, 0.1), (Ethnicity.BOTH, 0.05)),
    names.CHINESE: ((Ethnicity.CHNE, 1.0),),
    names.ARAB_OTHER: ((Ethnicity.OOTH, 0.9), (Ethnicity.MOTH, 0.1)),
}  # fmt: skip
START_ORIGINS = Weighted(
    {
        StartOrigin.NEWLY_QUALIFIED: 0.27,
        StartOrigin.OTHER_LA_ENGLAND: 0.28,
        StartOrigin.AGENCY: 0.15,
        StartOrigin.NON_LA_SOCIAL_WORK: 0.08,
        StartOrigin.OTHER_SOCIAL_CARE: 0.06,
        StartOrigin.OUTSIDE_ENGLAND: 0.04,
        StartOrigin.NON_SOCIAL_CARE: 0.03,
        StartOrigin.OTHER: 0.03,
        StartOrigin.NOT_KNOWN: 0.06,
    }
)
LEAVER_DESTINATIONS = Weighted(
    {
        LeaverDestination.OTHER_LA_ENGLAND: 0.30,
        LeaverDestination.AGENCY: 0.18,
        LeaverDestination.NON_LA_SOCIAL_WORK: 0.10,
        LeaverDestination.OTHER_SOCIAL_CARE: 0.05,
        LeaverDestination.OUTSIDE_ENGLAND: 0.03,
        LeaverDestination.NON_SOCIAL_CARE: 0.08,
        LeaverDestination.OTHER: 0.06,
        LeaverDestination.NOT_KNOWN: 0.20,
    }
)
LEAVING_REASONS = Weighted(
    {
        ReasonLeave.RESIGNATION: 0.68,
        ReasonLeave.RETIRED: 0.08,
        ReasonLeave.VOLUNTARY_REDUNDANCY: 0.01,
        ReasonLeave.DISMISSED: 0.03,
        ReasonLeave.MOVED_WITHIN_LA: 0.05,
        ReasonLeave.OTHER: 0.07,
        ReasonLeave.NOT_KNOWN: 0.08,
    }
)
QUALIFICATION_LEVELS = Weighted(
    {QualLevel.UNDERGRADUATE: 0.6, QualLevel.POSTGRADUATE: 0.38, QualLevel.OTHER: 0.02}
)
# Frontline (from 2013) and Step Up to Social Work (from 2010) train postgraduates.
FRONTLINE_FROM = date(2014, 7, 1)
STEP_UP_FROM = date(2011, 7, 1)


def census_days(as_of: date) -> list[date]:
    """The five 30 Septembers up to the as-of date, oldest first: the census's days."""
    last = date(as_of.year, 9, 30)
    if last > as_of:
        last = date(as_of.year - 1, 9, 30)
    return [date(last.year - CENSUS_YEARS + 1 + i, 9, 30) for i in range(CENSUS_YEARS)]


def _fte(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(eq=False)
class _Post:
    team: Team
    role: str
    funded_fte: Decimal
    start: date
    end: date | None = None
    holdings: list[_Holding] = field(default_factory=list)
    reference: str = ""


@dataclass(eq=False)
class _Holding:
    worker: Worker
    basis: str
    fte: Decimal
    start: date
    end: date | None

    def on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _chains(workers: Sequence[Worker]) -> list[list[Worker]]:
    """The staffing stage's posts found again: in one team, role and FTE, each holder after
    the first started on the day the one before left."""
    groups: dict[tuple[int | None, str, Decimal], list[Worker]] = defaultdict(list)
    for w in workers:
        groups[(w.team_id, w.role, w.full_time_equivalent)].append(w)
    chains: list[list[Worker]] = []
    for group in groups.values():
        open_by_leaving: dict[date, list[list[Worker]]] = defaultdict(list)
        for w in sorted(group, key=lambda x: (x.started_on, x.pk)):
            waiting = open_by_leaving.get(w.started_on)
            if waiting:
                chain = waiting.pop(0)
            else:
                chain = []
                chains.append(chain)
            chain.append(w)
            if w.left_on is not None:
                open_by_leaving[w.left_on].append(chain)
    chains.sort(key=lambda c: c[0].pk)
    return chains


def _post_of_chain(chain: list[Worker], teams: dict[int, Team]) -> _Post:
    first = chain[0]
    assert first.team_id is not None
    post = _Post(
        teams[first.team_id], first.role, _fte(first.full_time_equivalent), first.started_on
    )
    for i, w in enumerate(chain):
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        # The leaver's last day in the post is the day before their successor's first, so the
        # post is never held twice over on one day.
        end = nxt.started_on - ONE_DAY if nxt is not None else w.left_on
        basis = PostHolding.Basis.AGENCY if w.is_agency else PostHolding.Basis.PERMANENT
        post.holdings.append(_Holding(w, basis, _fte(w.full_time_equivalent), w.started_on, end))
    # A chain whose last holder left is a post funded and vacant since.
    return post


def _in_post(posts: Iterable[_Post], day: date) -> tuple[Decimal, Decimal]:
    """Funded FTE on `day`, and the FTE of it held by permanent holders."""
    funded = permanent = Decimal(0)
    for p in posts:
        if p.start <= day and (p.end is None or day <= p.end):
            funded += p.funded_fte
            permanent += sum(
                (h.fte for h in p.holdings if h.basis == PostHolding.Basis.PERMANENT and h.on(day)),
                Decimal(0),
            )
    return funded, permanent


def _vacant_needed(rate: float, permanent: Decimal, vacant: Decimal) -> int:
    """Whole vacant posts (1 FTE) to add so that vacancies are `rate`% of vacancies plus
    permanent FTE: v = r (p + v) solved for the extra vacancies."""
    r = Decimal(str(rate)) / 100
    total_vacant = r * permanent / (1 - r)
    return max(0, int((total_vacant - vacant).to_integral_value(rounding=ROUND_HALF_UP)))


def _vacant_posts(
    rng: random.Random, posts: list[_Post], teams: list[Team], days: list[date], as_of: date
) -> list[_Post]:
    """Funded posts left vacant for stretches: on each census day as many as the journey's
    vacancy rate asks beyond the agency-covered and unfilled ones."""
    needed: list[int] = []
    for k, day in enumerate(days):
        funded, permanent = _in_post(posts, day)
        needed.append(_vacant_needed(JOURNEY.vacancy_rate[k], permanent, funded - permanent))
    weights = {t: sum(1 for p in posts if p.team is t) for t in teams}
    team_of = (
        Weighted({t: float(w) for t, w in weights.items() if w}) if any(weights.values()) else None
    )
    if team_of is None:
        return []
    vacant: list[_Post] = []
    # Vacant post j is funded on every census day where fewer than needed come before it, in
    # one stretch per run of such days: funded some months before the first day, cut some
    # months after the last (or still vacant at the as-of date).
    for j in range(max(needed, default=0)):
        k = 0
        while k < len(days):
            if j >= needed[k]:
                k += 1
                continue
            first = k
            while k + 1 < len(days) and j < needed[k + 1]:
                k += 1
            last = k
            start = days[first] - timedelta(days=between(rng, 40, 330))
            end: date | None = None
            if last + 1 < len(days):
                end = days[last] + timedelta(days=between(rng, 20, 330))
            elif chance(rng, 0.15):
                end = min(as_of, days[last] + timedelta(days=between(rng, 10, 40)))
            vacant.append(
                _Post(team_of.pick(rng), Worker.Role.SOCIAL_WORKER, Decimal("1.00"), start, end)
            )
            k += 1
    return vacant


# Absence -----------------------------------------------------------------------------------


@dataclass
class _Absences:
    rows: list[Absence] = field(default_factory=list)
    taken: dict[int, list[tuple[date, date]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, holding: _Holding, reason: str, start: date, end: date) -> Decimal | None:
        """The spell, unless it overlaps one of the worker's others; its days lost."""
        spells = self.taken[holding.worker.pk]
        if any(s <= end and start <= e for s, e in spells):
            return None
        spells.append((start, end))
        lost = _fte(working_days_in(start, end) * holding.fte)
        self.rows.append(
            Absence(
                worker_id=holding.worker.pk, reason=reason, start_date=start, end_date=end,
                working_days_lost=lost,
            )
        )  # fmt: skip
        return lost


class _Exposure:
    """Permanent holdings in a period, picked in proportion to the FTE-days each was in post."""

    def __init__(self, holdings: list[_Holding], start: date, end: date) -> None:
        self.spans: list[tuple[_Holding, date, date]] = []
        for h in holdings:
            s = max(h.start, start)
            e = end if h.end is None else min(h.end, end)
            if s <= e:
                self.spans.append((h, s, e))
        self.cumulative = list(
            accumulate(float((e - s).days + 1) * float(h.fte) for h, s, e in self.spans)
        )

    def pick(self, rng: random.Random) -> tuple[_Holding, date, date]:
        i = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.spans[min(i, len(self.spans) - 1)]


def _spell(
    rng: random.Random, span: tuple[_Holding, date, date], working_days: int
) -> tuple[date, date] | None:
    _, s, e = span
    start = s + timedelta(days=between(rng, 0, (e - s).days))
    while not is_working_day(start):
        start += ONE_DAY
    if start > e:
        return None
    end = min(add_working_days(start, working_days - 1), e)
    return start, end


def _sickness_length(rng: random.Random) -> int:
    u = rng.random()
    for share, low, high in SICKNESS_SPELLS:
        if u < share:
            return between(rng, low, high)
        u -= share
    low, high = SICKNESS_SPELLS[-1][1:]
    return between(rng, low, high)


def _absence_year(
    rng: random.Random,
    absences: _Absences,
    permanent: list[_Holding],
    period: tuple[date, date],
    days_lost_target: Decimal,
    women: set[int],
) -> None:
    exposure = _Exposure(permanent, *period)
    if not exposure.spans:
        return
    lost = Decimal(0)
    tries = 0
    while lost < days_lost_target and tries < 100_000:
        tries += 1
        span = exposure.pick(rng)
        length = _sickness_length(rng)
        dates = _spell(rng, span, length)
        if dates is None:
            continue
        got = absences.add(span[0], AbsenceReason.SIC, *dates)
        if got is not None:
            lost += got
    fte_days = sum(float(h.fte) * ((e - s).days + 1) for h, s, e in exposure.spans)
    year_fte = fte_days / 365
    for _ in range(round(year_fte * TRAINING_SPELLS_PER_FTE)):
        span = exposure.pick(rng)
        dates = _spell(rng, span, between(rng, 1, 2))
        if dates is not None:
            absences.add(span[0], AbsenceReason.TRN, *dates)
    for _ in range(round(year_fte * PARENTAL_LEAVE_PER_YEAR)):
        span = exposure.pick(rng)
        # Maternity leave runs for months; a father's paternity leave, two weeks.
        length = between(rng, 60, 190) if span[0].worker.pk in women else 10
        dates = _spell(rng, span, length)
        if dates is not None:
            absences.add(span[0], AbsenceReason.MAT, *dates)


def _absences(
    seed: int, posts: list[_Post], days: list[date], as_of: date, women: set[int]
) -> list[Absence]:
    permanent = [h for p in posts for h in p.holdings if h.basis == PostHolding.Basis.PERMANENT]
    absences = _Absences()
    for k, day in enumerate(days):
        start = date(day.year - 1, 10, 1)
        in_post = sum((h.fte for h in permanent if h.on(day)), Decimal(0))
        target = Decimal(str(JOURNEY.sickness_days_per_fte[k])) * in_post
        rng = substream(seed, "workforce-absence", day.year)
        _absence_year(rng, absences, permanent, (start, day), target, women)
    if days[-1] < as_of:
        # The months since the last census day, at the last year's rate.
        start, year = days[-1] + ONE_DAY, days[-1] + timedelta(days=365)
        in_post = sum((h.fte for h in permanent if h.on(as_of)), Decimal(0))
        share = Decimal(working_days_in(start, as_of)) / working_days_in(start, year)
        target = Decimal(str(JOURNEY.sickness_days_per_fte[-1])) * in_post * share
        rng = substream(seed, "workforce-absence", as_of.year, "to date")
        _absence_year(rng, absences, permanent, (start, as_of), target, women)
    return absences.rows


# Census details ----------------------------------------------------------------------------

_FEMALE = {n for table in names.FIRST_NAMES_FEMALE.values() for n in table}
_MALE = {n for table in names.FIRST_NAMES_MALE.values() for n in table}
_SURNAME_GROUP = {n: g for g, table in names.SURNAMES.items() for n in table}


def _years_before(d: date, years: int, rng: random.Random) -> date:
    return d - timedelta(days=years * 365 + between(rng, 0, 364))


def _gender(first_name: str) -> str:
    if first_name in _FEMALE and first_name not in _MALE:
        return CswwGender.FEMALE
    if first_name in _MALE and first_name not in _FEMALE:
        return CswwGender.MALE
    return CswwGender.NOT_SPECIFIED


def _details(rng: random.Random, w: Worker, as_of: date) -> WorkerDetails:
    group = _SURNAME_GROUP.get(w.last_name, names.WHITE_BRITISH)
    ethnicity = Weighted(dict(ETHNICITY_BY_NAME_GROUP[group])).pick(rng)
    origin = START_ORIGINS.pick(rng)
    level = QUALIFICATION_LEVELS.pick(rng)
    leaving: tuple[str, str] = ("", "")
    if w.left_on is not None and w.left_on <= as_of and not w.is_agency:
        leaving = (LEAVER_DESTINATIONS.pick(rng), LEAVING_REASONS.pick(rng))
    last_day = w.left_on if w.left_on is not None and w.left_on <= as_of else as_of
    served = (last_day - w.started_on).days // 365
    # Nobody works past 66; a retiree leaves at 58 or later; a newly qualified worker starts
    # young more often than not.
    oldest = max(22, 66 - served)
    youngest = max(22, 58 - served) if leaving[1] == ReasonLeave.RETIRED else 22
    if origin == StartOrigin.NEWLY_QUALIFIED:
        oldest = max(youngest, min(oldest, 45 if chance(rng, 0.3) else 30))
    age = between(rng, youngest, max(youngest, oldest))
    birth = _years_before(w.started_on, age, rng)
    if origin == StartOrigin.NEWLY_QUALIFIED:
        qualified_on = w.started_on - timedelta(days=between(rng, 20, 200))
    else:
        experience = between(rng, 1, max(1, min(20, age - 22)))
        qualified_on = _years_before(w.started_on, experience, rng)
    postgraduate = level == QualLevel.POSTGRADUATE
    frontline = postgraduate and qualified_on >= FRONTLINE_FROM and chance(rng, 0.2)
    step_up = postgraduate and not frontline and qualified_on >= STEP_UP_FROM and chance(rng, 0.12)
    return WorkerDetails(
        worker_id=w.pk,
        birth_date=birth,
        gender=_gender(w.first_name),
        ethnicity=ethnicity,
        qualification_institution=INSTITUTIONS[int(rng.random() * len(INSTITUTIONS))],
        qualification_level=level,
        qualified_on=qualified_on,
        step_up_graduate=step_up,
        frontline_graduate=frontline,
        # An agency worker's origin and destination are their agency's to know: the census
        # asks them of directly employed social workers.
        start_origin="" if w.is_agency else origin,
        leaver_destination=leaving[0],
        reason_for_leaving=leaving[1],
    )


# Writing -----------------------------------------------------------------------------------


def give_workforce(seed: int, scale: float, as_of: date) -> dict[str, int]:
    """Write the workforce record of the written demo authority (see the module's docstring);
    the rows written, by model. `scale` sizes nothing here: the establishment follows the
    workers the staffing stage sized from the work."""
    authority = Authority.objects.order_by("pk").first()
    if authority is None:
        return {}
    days = census_days(as_of)
    teams = {t.pk: t for t in Team.objects.filter(authority=authority).order_by("pk")}
    social_workers = list(
        Worker.objects.filter(authority=authority).exclude(registration_number="").order_by("pk")
    )
    in_teams = [w for w in social_workers if w.team_id is not None]
    posts = [_post_of_chain(chain, teams) for chain in _chains(in_teams)]
    case_holding = [t for t in teams.values() if t.kind in CASE_HOLDING_KINDS]
    posts += _vacant_posts(substream(seed, "workforce-vacancies"), posts, case_holding, days, as_of)
    posts.sort(key=lambda p: (p.team.pk, p.start, p.role))
    for n, post in enumerate(posts, 1):
        post.reference = f"CSW{n:05d}"
    details = [
        _details(substream(seed, "workforce-details", w.pk), w, as_of) for w in social_workers
    ]
    women = {d.worker_id for d in details if d.gender == CswwGender.FEMALE}
    absences = _absences(seed, posts, days, as_of, women)

    with transaction.atomic():
        written = Post.objects.bulk_create(
            [
                Post(
                    authority=authority, team=p.team, reference=p.reference, role=p.role,
                    funded_fte=p.funded_fte, start_date=p.start, end_date=p.end,
                )
                for p in posts
            ],
            batch_size=BATCH,
        )  # fmt: skip
        holdings = [
            PostHolding(
                post_id=row.pk, worker_id=h.worker.pk, basis=h.basis, fte=h.fte,
                start_date=h.start, end_date=h.end,
            )
            for row, p in zip(written, posts, strict=True)
            for h in p.holdings
        ]  # fmt: skip
        PostHolding.objects.bulk_create(holdings, batch_size=BATCH)
        WorkerDetails.objects.bulk_create(details, batch_size=BATCH)
        Absence.objects.bulk_create(absences, batch_size=BATCH)
    return {
        "workforce.post": len(posts),
        "workforce.postholding": len(holdings),
        "workforce.workerdetails": len(details),
        "workforce.absence": len(absences),
    }
