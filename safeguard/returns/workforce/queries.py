"""Read the workforce census from the record: who is in it, each worker's items, and the
authority's vacancies on 30 September. A fixed number of queries whatever the authority's
size (workers, their details, post holdings, absences, caseloads, posts).

Who is in it (DfE workforce census guide, as far as we could read it; docs/workforce.md):
directly employed workers in a social work role at any time in the year (in post on
30 September, or starting or leaving in the year), and agency workers in post on
30 September. A worker leaving on 30 September was there that day, so is in post and a
leaver, as an allocation ending that day is still open (`workforce.queries`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.db.models import Q

from safeguard.common.codes import Ethnicity
from safeguard.organisation.models import Worker
from safeguard.workforce.codes import AbsenceReason, OrgRole
from safeguard.workforce.models import (
    Absence,
    PayPolicy,
    Post,
    PostHolding,
    WorkerDetails,
    WorkerPay,
)
from safeguard.workforce.queries import caseloads_on

from .records import CensusWorker, PayPolicyItems, Vacancies
from .years import CensusYear

Role = Worker.Role

# Only social work roles are in the census. A head of service manages teams of social
# workers below the director: a middle manager (the DfE keeps 1 for the director and
# assistant directors, whom Safeguard does not hold as workers). A conference chair (IRO)
# is a qualified social worker who holds no cases. Front door (MASH) workers, family help
# practitioners, analysts, auditors and administrators are not social work roles here: a
# qualified social worker on the front door holds the social worker role in a front door team.
ORG_ROLES: dict[str, str] = {
    Role.HEAD_OF_SERVICE: OrgRole.MIDDLE_MANAGER,
    Role.TEAM_MANAGER: OrgRole.FIRST_LINE_MANAGER,
    Role.SENIOR_PRACTITIONER: OrgRole.SENIOR_PRACTITIONER,
    Role.SOCIAL_WORKER: OrgRole.CASE_HOLDER,
    Role.CONFERENCE_CHAIR: OrgRole.QUALIFIED_WITHOUT_CASES,
}
CENSUS_ROLES = tuple(ORG_ROLES)
TWO_PLACES = Decimal("0.01")
# The workforce census's ethnicity list has no Traveller of Irish heritage or Gypsy/Roma
# code (the sector's XSDs for 2022 to 2025 agree): both are any other white background there.
CENSUS_ETHNICITY: dict[str, str] = {Ethnicity.WIRT: Ethnicity.WOTH, Ethnicity.WROM: Ethnicity.WOTH}


def _open_on(day: date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _census_workers(authority_id: int, year: CensusYear) -> list[Worker]:
    ref = year.reference_date
    employed = Q(is_agency=False) & (Q(left_on__isnull=True) | Q(left_on__gte=year.start))
    agency = Q(is_agency=True) & (Q(left_on__isnull=True) | Q(left_on__gte=ref))
    return list(
        Worker.objects.filter(
            employed | agency,
            authority_id=authority_id,
            role__in=CENSUS_ROLES,
            started_on__lte=ref,
        ).order_by("last_name", "first_name", "pk")
    )


def _fte_on(holdings: list[PostHolding], day: date) -> Decimal | None:
    """The FTE of the posts the worker holds on `day`, or None if they hold none then."""
    open_then = [
        h for h in holdings if h.start_date <= day and (h.end_date is None or h.end_date >= day)
    ]
    if not open_then:
        return None
    return sum((h.fte for h in open_then), Decimal(0))


def _days_in_year(absence: Absence, year: CensusYear) -> Decimal:
    """The working days lost in the census year. A spell across 1 October or 30 September
    counts in proportion to its calendar days inside the year."""
    first = max(absence.start_date, year.start)
    last = min(absence.end_date, year.reference_date)
    if last < first:
        return Decimal(0)
    whole = (absence.end_date - absence.start_date).days + 1
    inside = (last - first).days + 1
    return absence.working_days_lost * inside / whole


def census_workers(authority_id: int, year: CensusYear) -> Iterator[CensusWorker]:
    """Every worker in the census, by name."""
    ref = year.reference_date
    workers = _census_workers(authority_id, year)
    ids = [w.pk for w in workers]
    details = {d.worker_id: d for d in WorkerDetails.objects.filter(worker_id__in=ids)}
    holdings: dict[int, list[PostHolding]] = defaultdict(list)
    for holding in PostHolding.objects.filter(worker_id__in=ids).order_by("start_date"):
        holdings[holding.worker_id].append(holding)
    sickness: dict[int, Decimal] = defaultdict(Decimal)
    absent_30: dict[int, Absence] = {}
    absences = Absence.objects.filter(
        worker_id__in=ids, start_date__lte=ref, end_date__gte=year.start
    ).order_by("start_date", "pk")
    for spell in absences:
        if spell.reason == AbsenceReason.SIC:
            sickness[spell.worker_id] += _days_in_year(spell, year)
        if spell.start_date <= ref <= spell.end_date:
            absent_30.setdefault(spell.worker_id, spell)
    cases = caseloads_on(authority_id, ref)
    # Pay as at 30 September: each worker's latest change on or before it.
    pay: dict[int, WorkerPay] = {}
    if year.asks_pay:
        changes = WorkerPay.objects.filter(worker_id__in=ids, effective_from__lte=ref)
        for change in changes.order_by("effective_from"):
            pay[change.worker_id] = change

    for worker in workers:
        detail = details.get(worker.pk)
        in_post = worker.left_on is None or worker.left_on >= ref
        leaver = not worker.is_agency and year.covers(worker.left_on)
        starter = not worker.is_agency and year.covers(worker.started_on)
        own = holdings.get(worker.pk, [])
        # FTE: on 30 September for those in post, on their last day for leavers; from the
        # posts held then, or the worker's contracted FTE when no post holding is recorded.
        last_day = ref if in_post or worker.left_on is None else worker.left_on
        fte = _fte_on(own, last_day)
        if fte is None:
            fte = worker.full_time_equivalent
        # Agency workers' absence and sickness are their agency's to report, not the council's.
        employed_in_post = in_post and not worker.is_agency
        absence = absent_30.get(worker.pk) if employed_in_post else None
        # The census asks pay of directly employed workers in post: an agency worker's pay
        # is their agency's, a leaver's is history.
        paid = pay.get(worker.pk) if employed_in_post else None
        yield CensusWorker(
            worker_id=worker.pk,
            name=worker.full_name,
            agency=worker.is_agency,
            swe_number=worker.registration_number.strip().upper(),
            fte=fte,
            birth_date=detail.birth_date if detail else None,
            gender=(detail.gender or None) if detail else None,
            ethnicity=CENSUS_ETHNICITY.get(detail.ethnicity, detail.ethnicity) or None
            if detail
            else None,
            qualification_institution=(detail.qualification_institution.strip() or None)
            if detail
            else None,
            qualification_level=(detail.qualification_level or None) if detail else None,
            step_up_graduate=detail.step_up_graduate if detail else None,
            org_role=ORG_ROLES[worker.role],
            role_start_date=worker.started_on,
            start_origin=(detail.start_origin or None) if detail and starter else None,
            role_end_date=worker.left_on if leaver else None,
            leaver_destination=(detail.leaver_destination or None) if detail and leaver else None,
            reason_leave=(detail.reason_for_leaving or None) if detail and leaver else None,
            fte_30=fte if in_post else None,
            cases_30=cases.get(worker.pk, 0) if in_post else None,
            working_days_lost=sickness.get(worker.pk, Decimal(0)).quantize(TWO_PLACES)
            if not worker.is_agency
            else None,
            frontline_graduate=detail.frontline_graduate if detail else None,
            absent_30=(absence is not None) if employed_in_post else None,
            absence_reason=absence.reason if absence is not None else None,
            in_post_30=in_post,
            starter=starter,
            leaver=leaver,
            base_salary=paid.base_salary if paid else None,
            rr_payments=paid.recruitment_retention_payments if paid else None,
            other_payments=paid.other_payments if paid else None,
        )


def census_vacancies(authority_id: int, year: CensusYear) -> Vacancies:
    """`LALevelVacancies` on 30 September, over the funded social work posts open that day:
    the FTE no permanent holder fills (a post cannot be less than empty), and the agency
    workers holding such posts (FTE and people). Agency cover is not capped at the vacancy:
    the DfE asks for the agency workers covering, whatever the establishment says."""
    ref = year.reference_date
    posts = Post.objects.filter(_open_on(ref), authority_id=authority_id, role__in=CENSUS_ROLES)
    permanent: dict[int, Decimal] = defaultdict(Decimal)
    agency_fte = Decimal(0)
    agency_workers: set[int] = set()
    holdings = PostHolding.objects.filter(_open_on(ref), post__in=posts).values_list(
        "post_id", "worker_id", "basis", "fte"
    )
    for post_id, worker_id, basis, fte in holdings:
        if basis == PostHolding.Basis.PERMANENT:
            permanent[post_id] += fte
        else:
            agency_fte += fte
            agency_workers.add(worker_id)
    funded = posts.values_list("pk", "funded_fte")
    vacant = sum((max(Decimal(0), fte - permanent[pk]) for pk, fte in funded), Decimal(0))
    return Vacancies(
        vacant_fte=vacant.quantize(TWO_PLACES),
        agency_fte=agency_fte.quantize(TWO_PLACES),
        agency_headcount=len(agency_workers),
        pay_policy=census_pay_policy(authority_id, year) if year.asks_pay else None,
    )


def census_pay_policy(authority_id: int, year: CensusYear) -> PayPolicyItems | None:
    """The council's pay policy recorded for the census year, or None."""
    policy = PayPolicy.objects.filter(authority_id=authority_id, year=year.year).first()
    if policy is None:
        return None
    return PayPolicyItems(
        recruitment_bonus=policy.recruitment_bonus,
        retention_bonus=policy.retention_bonus,
        performance_award=policy.performance_award,
        car_allowance=policy.car_allowance,
        relocation_package=policy.relocation_package,
        regional_weighting=policy.regional_weighting,
        cost_swe=policy.cost_swe,
        cost_dbs=policy.cost_dbs,
        other_allowances=policy.other_allowances,
    )
