"""ssda903_build: the SSDA903 return of one authority for one collection year, read from the
case record (periods of care, placements, reviews, health) and written as the collection's
CSV files, one per table, with the exact column sets of the year (`years.COLUMNS`).

Tables the record does not hold yet (social worker episodes) are written with their header
row and no rows, so the return is complete in shape and says plainly what is not recorded.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.care.models import (
    Conviction,
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    MissingEpisode,
    Motherhood,
    SdqScore,
    SubstanceMisuse,
    UascStatus,
)
from safeguard.care_leavers.eligibility import (
    OC3_MONTHS_AFTER,
    OC3_MONTHS_BEFORE,
    birthday,
    qualifies,
)
from safeguard.care_leavers.models import CareLeaverContact
from safeguard.care_leavers.selectors import care_spells_by_child
from safeguard.cases.models import (
    Allocation,
    LookedAfterPeriod,
    LookedAfterReview,
    Placement,
    Referral,
)
from safeguard.common import codes
from safeguard.organisation.models import Authority
from safeguard.people.ages import age_on
from safeguard.people.models import Person
from safeguard.permanence.models import AdoptionDecision, PreviousPermanence
from safeguard.timescales.working_days import add_months

from .years import COLUMNS, ReturnYear, UnknownReturnYear, return_year

NO_FOLDER = "The folder {folder} does not exist: create it or choose another --output."
NOT_EMPTY = "The folder {folder} already holds SSDA903 files ({names}): choose an empty folder."
WRONG_CODE = "placement type {code} is not in the {label} code list"
NO_PREVIOUS_PERMANENCE = (
    "previous permanence is not recorded for the period of care begun this year"
)
# SSDA903 FOSTER_CARE: adopted by the foster carers the child was placed with (A3, A5).
WITH_FOSTER_CARERS = frozenset({"A3", "A5"})

# Tables written with their header row only: the record does not hold these yet.
NOT_RECORDED: tuple[str, ...] = ()
# SW_REASON, why the child's social worker changed: the first worker the record shows
# (FCONTA, first contact), a move between teams (TSPROC, transfer between teams or
# processes), otherwise a management decision (MANAGE). The record's reason is free text,
# so the other codes (left the role, absence, the child's or parent's request) are not told
# apart.
SW_FIRST = "FCONTA"
SW_TRANSFER = "TSPROC"
SW_MANAGE = "MANAGE"
# SW_ID for a worker with no Social Work England number on the record: "XX" and the
# worker's own id, which the validator's rule SW02 accepts as a placeholder.
SW_UNREGISTERED = "XX{id:04d}"
# Short breaks (V3, V4) do not count towards the 12 months of OC2.
SHORT_BREAKS = frozenset({codes.LegalStatus.V3, codes.LegalStatus.V4})
# OC2 SDQ_REASON: no score because the child was under 4 or over 16 (SDQ1), or for another
# reason (SDQ4): the record does not say why a questionnaire was not returned.
SDQ_AGE_OUT = "SDQ1"
SDQ_OTHER = "SDQ4"
SDQ_AGES = range(4, 17)
UNDER_FIVE = 5
CRIMINAL_RESPONSIBILITY = 10
T = TypeVar("T")


class SSDA903BuildError(ValueError):
    """The return could not be built (unknown year, bad folder); nothing was written."""


@dataclass
class SSDA903Result:
    folder: Path
    rows: dict[str, int]
    children: int
    # Episodes whose recorded code is not in the year's list (by LA child id): the validator
    # flags them; the analyst corrects the record.
    problems: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    # LA child id (CHILD) -> person id, for every looked-after child in the return: the error
    # report links each problem to the child's record.
    child_ids: dict[str, int] = field(default_factory=dict)


def file_name(table: str) -> str:
    return f"{table}.csv"


def dmy(value: date | None) -> str:
    """The return's date form, dd/mm/YYYY (blank for none)."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def return_postcode(postcode: str) -> str:
    """HOME_POST and PL_POST: the whole postcode, in capitals with one space (`m14 5en` ->
    `M14 5EN`). The placement's authority, whether it is in or out of area and its distance
    from home are worked out from the two postcode units (the DfE's guide, and the 903
    validator's lookup, which places whole postcodes only: a sector such as `M14 5` matches
    nothing). Blank for none or one too short to be a postcode."""
    compact = "".join(postcode.split()).upper()
    if len(compact) < 5:
        return ""
    return f"{compact[:-3]} {compact[-3:]}"


def _children_in_care(authority: Authority, year: ReturnYear) -> list[Person]:
    """Children of the authority looked after at any time in the year, by person id."""
    periods = LookedAfterPeriod.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=year.start),
        start_date__lte=year.reference_date,
    )
    ours = Referral.objects.filter(team__authority_id=authority.pk).values("child_id")
    return list(
        Person.objects.filter(id__in=periods.values("child_id")).filter(id__in=ours).order_by("id")
    )


def _grouped(rows: Iterable[T], key: str) -> dict[int, list[T]]:
    found: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(row)
    return found


class _Tables:
    """The rows of each table, built child by child from rows read once for all of them."""

    def __init__(self, year: ReturnYear, people: list[Person]) -> None:
        self.year = year
        self.rows: dict[str, list[dict[str, str]]] = {table: [] for table in COLUMNS}
        self.problems: list[tuple[str, str]] = []
        ids = [p.pk for p in people]
        ref, start = year.reference_date, year.start
        self.periods = _grouped(
            LookedAfterPeriod.objects.filter(child_id__in=ids).order_by("start_date", "pk"),
            "child_id",
        )
        self.placements = _grouped(
            Placement.objects.filter(child_id__in=ids, start_date__lte=ref)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            .order_by("start_date", "pk"),
            "child_id",
        )
        self.reviews = _grouped(
            LookedAfterReview.objects.filter(
                child_id__in=ids, review_date__gte=start, review_date__lte=ref
            ).order_by("review_date", "pk"),
            "child_id",
        )
        # Health in the twelve months to 31 March, for OC2.
        self.assessments = _grouped(
            HealthAssessment.objects.filter(
                child_id__in=ids, assessment_date__gte=start, assessment_date__lte=ref
            ),
            "child_id",
        )
        self.dental = _grouped(
            DentalCheck.objects.filter(
                child_id__in=ids, check_date__gte=start, check_date__lte=ref
            ),
            "child_id",
        )
        self.immunisations = _grouped(
            ImmunisationStatus.objects.filter(child_id__in=ids, recorded_on__lte=ref).order_by(
                "recorded_on", "pk"
            ),
            "child_id",
        )
        self.missing = _grouped(
            MissingEpisode.objects.filter(
                child_id__in=ids, start_date__gte=start, start_date__lte=ref
            ).order_by("start_date", "pk"),
            "child_id",
        )
        # Adoption and previous permanence (safeguard.permanence), for every period read.
        self.adoption = _grouped(
            AdoptionDecision.objects.filter(child_id__in=ids).order_by("decision_date", "pk"),
            "child_id",
        )
        self.previous_permanence = {
            p.period_id: p for p in PreviousPermanence.objects.filter(child_id__in=ids)
        }
        # Education and the rest of the child's record in care (safeguard.care): UASC on any
        # period, motherhood ever, convictions and substance misuse in the year (OC2).
        self.uasc = _grouped(
            UascStatus.objects.filter(child_id__in=ids, period__start_date__lte=ref).order_by(
                "period__start_date", "pk"
            ),
            "child_id",
        )
        self.mothers = {m.child_id: m for m in Motherhood.objects.filter(child_id__in=ids)}
        self.convicted = set(
            Conviction.objects.filter(
                child_id__in=ids, convicted_on__gte=start, convicted_on__lte=ref
            ).values_list("child_id", flat=True)
        )
        self.substance_misuse = _grouped(
            SubstanceMisuse.objects.filter(
                child_id__in=ids, identified_on__gte=start, identified_on__lte=ref
            ),
            "child_id",
        )
        # Social workers allocated at any time in the year (SSDA903 social worker episodes,
        # for the whole year even while the child was not looked after: rule SW12STG2).
        self.allocations = _grouped(
            Allocation.objects.filter(child_id__in=ids, worker__isnull=False, start_date__lte=ref)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            .select_related("worker")
            .order_by("start_date", "pk"),
            "child_id",
        )
        self.sdqs = _grouped(
            SdqScore.objects.filter(
                child_id__in=ids, completed_on__gte=start, completed_on__lte=ref
            ).order_by("completed_on", "pk"),
            "child_id",
        )

    def header(self, person: Person) -> tuple[str, str]:
        """The child's header row; their CHILD and DOB as every other table writes them."""
        child = person.la_child_id or str(person.pk)
        born = dmy(person.date_of_birth)
        self.rows["header"].append(
            {
                "CHILD": child,
                "SEX": person.sex,
                "DOB": born,
                "ETHNIC": person.ethnicity,
                "UPN": person.upn or person.upn_unknown_reason,
                **self._mother(person),
            }
        )
        return child, born

    def child(self, person: Person) -> None:
        child, born = self.header(person)
        self._uasc(person, child, born)
        ref = self.year.reference_date
        periods = {p.pk: p for p in self.periods.get(person.pk, [])}
        self._episodes(child, periods, self.placements.get(person.pk, []))
        for review in self.reviews.get(person.pk, []):
            self.rows["reviews"].append(
                {
                    "CHILD": child,
                    "DOB": born,
                    "REVIEW": dmy(review.review_date),
                    "REVIEW_CODE": review.participation,
                }
            )
        for missing in self.missing.get(person.pk, []):
            returned = missing.end_date if missing.end_date and missing.end_date <= ref else None
            self.rows["missing"].append(
                {
                    "CHILD": child,
                    "DOB": born,
                    "MISSING": missing.kind,
                    "MIS_START": dmy(missing.start_date),
                    "MIS_END": dmy(returned),
                }
            )
        if self._looked_after_twelve_months(person.pk):
            self._oc2(person, child, born)
        self._adoption(person.pk, child, born, periods)
        # Every child in the return, not only those looked after on 31 March: the validator's
        # rule SW12STG2 asks for the workers of a child whose care began or ended in the year.
        self._social_workers(person.pk, child, born, periods.values())

    def _social_workers(
        self, person_id: int, child: str, born: str, periods: Iterable[LookedAfterPeriod]
    ) -> None:
        """The child's social workers while looked after in the year, one episode per
        allocation to a worker: the worker's Social Work England number, when they took the
        case (or the child came into care, if later) and when they handed it on while the
        child was still looked after (blank for the worker holding it when care ended or on
        31 March), and why the worker changed (SW_FIRST, SW_TRANSFER, SW_MANAGE). Each period
        of care is a chain of its own; one ended before the last is closed on its end day."""
        ref, start = self.year.reference_date, self.year.start
        allocations = self.allocations.get(person_id, [])
        in_year = [
            p
            for p in periods
            if p.start_date <= ref and (p.end_date is None or p.end_date >= start)
        ]
        before: Allocation | None = None
        for n, period in enumerate(in_year):
            care_ends = period.end_date if period.end_date and period.end_date <= ref else None
            last_period = n == len(in_year) - 1
            chain = [
                a
                for a in allocations
                if a.start_date < (care_ends or ref + timedelta(days=1))
                and (a.end_date is None or a.end_date > period.start_date)
            ]
            first_in_period = True
            for m, allocation in enumerate(chain):
                worker = allocation.worker
                assert worker is not None  # filtered on it
                if first_in_period or before is None:
                    # Each period of care starts a chain of its own (rules SW10 and SW10a
                    # allow a gap of more than 7 days only before a first worker).
                    reason = SW_FIRST
                elif before.team_id != allocation.team_id:
                    reason = SW_TRANSFER
                else:
                    reason = SW_MANAGE
                took_over = max(allocation.start_date, period.start_date)
                handed_on = allocation.end_date
                if m == len(chain) - 1:
                    # The worker holding the case when care ended, or on 31 March.
                    handed_on = None if last_period else care_ends
                if handed_on is not None and handed_on <= took_over:
                    continue  # held the case on the day care began and no longer
                self.rows["social_worker_episodes"].append(
                    {
                        "CHILD": child,
                        "DOB": born,
                        "SW_ID": worker.registration_number or SW_UNREGISTERED.format(id=worker.pk),
                        "SW_DECOM": dmy(took_over),
                        "SW_DEC": dmy(handed_on),
                        "SW_REASON": reason,
                    }
                )
                before = allocation
                first_in_period = False

    def _episodes(
        self, child: str, periods: dict[int, LookedAfterPeriod], placements: list[Placement]
    ) -> None:
        ref = self.year.reference_date
        for placement in placements:
            period = periods[placement.period_id]
            ended = placement.end_date is not None and placement.end_date <= ref
            if not ended:
                reason = ""
            elif period.end_date is not None and period.end_date == placement.end_date:
                reason = period.reason_ceased
            else:
                reason = codes.ReasonEpisodeCeased.X1
            if placement.placement_type not in self.year.placement_types:
                self.problems.append(
                    (child, WRONG_CODE.format(code=placement.placement_type, label=self.year.label))
                )
            self.rows["episodes"].append(
                {
                    "CHILD": child,
                    "DECOM": dmy(placement.start_date),
                    "RNE": placement.reason_new_episode,
                    "LS": placement.legal_status,
                    "CIN": period.category_of_need,
                    "PLACE": placement.placement_type,
                    "PLACE_PROVIDER": placement.provider,
                    "DEC": dmy(placement.end_date) if ended else "",
                    "REC": reason,
                    "REASON_PLACE_CHANGE": placement.reason_place_change if ended else "",
                    "HOME_POST": return_postcode(period.home_postcode),
                    "PL_POST": return_postcode(placement.postcode),
                    "URN": placement.urn,
                }
            )

    def _mother(self, person: Person) -> dict[str, str]:
        """MOTHER and MC_DOB: asked of a girl looked after in the year other than on short
        breaks only (the validator's rules 393, 607 and 399; blank for boys, rule 165): 1 when
        her first child was born by 31 March, or by the day she ceased to be looked after if
        that was earlier (rule 625), with that child's date of birth; 0 otherwise."""
        ref = self.year.reference_date
        placements = self.placements.get(person.pk, [])
        if person.sex != codes.Sex.FEMALE or all(
            p.legal_status in SHORT_BREAKS for p in placements
        ):
            return {"MOTHER": "", "MC_DOB": ""}
        latest = max(
            (p for p in self.periods.get(person.pk, []) if p.start_date <= ref),
            key=lambda p: p.start_date,
        )
        by = latest.end_date if latest.end_date is not None and latest.end_date < ref else ref
        mother = self.mothers.get(person.pk)
        if mother is None or mother.first_child_born_on > by:
            return {"MOTHER": "0", "MC_DOB": ""}
        return {"MOTHER": "1", "MC_DOB": dmy(mother.first_child_born_on)}

    def _uasc(self, person: Person, child: str, born: str) -> None:
        """The UASC table: a child looked after as an unaccompanied asylum-seeking child in any
        period of care begun by 31 March (so formerly UASC too), with the day the status ceased
        (DUC) if it had by then."""
        statuses = self.uasc.get(person.pk, [])
        if not statuses:
            return
        ceased = statuses[-1].ceased_on
        if ceased is not None and ceased > self.year.reference_date:
            ceased = None
        self.rows["uasc"].append(
            {
                "CHILD": child,
                "SEX": person.sex,
                "DOB": born,
                "DUC": dmy(ceased),
            }
        )

    def _looked_after_twelve_months(self, person_id: int) -> bool:
        """OC2 is for children looked after continuously for at least 12 months at 31 March
        (not counting short breaks). Care that ends on 31 March itself still counts: the DfE's
        definition (the validator's `CONTINUOUSLY_LOOKED_AFTER`, rule 191) breaks continuity
        only for care ending before that day."""
        ref = self.year.reference_date
        open_on_ref = [
            p for p in self.placements.get(person_id, []) if p.end_date is None or p.end_date >= ref
        ]
        if not open_on_ref or open_on_ref[-1].legal_status in SHORT_BREAKS:
            return False
        period_id = open_on_ref[-1].period_id
        period = next(p for p in self.periods[person_id] if p.pk == period_id)
        return period.start_date <= self.year.start

    def _oc2(self, person: Person, child: str, born: str) -> None:
        ref = self.year.reference_date
        age = age_on(person.date_of_birth, ref)
        sdqs = self.sdqs.get(person.pk, [])
        in_age = age is not None and age in SDQ_AGES
        score = str(sdqs[-1].score) if sdqs and in_age else ""
        # Under 4: neither a score nor a reason (the validator's rule 188).
        reason = (
            ""
            if score or (age is not None and age < SDQ_AGES.start)
            else (SDQ_OTHER if in_age else SDQ_AGE_OUT)
        )
        assessments = self.assessments.get(person.pk, [])
        # Health surveillance checks, asked of the under-fives: a health assessment in the
        # six months to 31 March (they are due six-monthly at that age).
        if age is not None and age < UNDER_FIVE:
            since = add_months(ref, -6)
            health_check = "1" if any(a.assessment_date > since for a in assessments) else "0"
        else:
            health_check = ""
        immunisations = self.immunisations.get(person.pk, [])
        # Convictions in the year, asked of children of 10 or over on 31 March (the
        # validator's rules 542, 543); substance misuse identified in the year, and then
        # whether an intervention was received or, if not, offered and refused (158-159, 192-193).
        convicted = "" if age is None or age < CRIMINAL_RESPONSIBILITY else "0"
        if convicted and person.pk in self.convicted:
            convicted = "1"
        misuse = self.substance_misuse.get(person.pk, [])
        received = any(m.intervention == SubstanceMisuse.Intervention.RECEIVED for m in misuse)
        refused = any(m.intervention == SubstanceMisuse.Intervention.REFUSED for m in misuse)
        offered = ("1" if refused else "0") if misuse and not received else ""
        self.rows["oc2"].append(
            {
                "CHILD": child,
                "DOB": born,
                "SDQ_SCORE": score,
                "SDQ_REASON": reason,
                "CONVICTED": convicted,
                "HEALTH_CHECK": health_check,
                "IMMUNISATIONS": "1" if immunisations and immunisations[-1].up_to_date else "0",
                "TEETH_CHECK": "1" if self.dental.get(person.pk) else "0",
                "HEALTH_ASSESSMENT": "1" if assessments else "0",
                "SUBSTANCE_MISUSE": "1" if misuse else "0",
                "INTERVENTION_RECEIVED": ("1" if received else "0") if misuse else "",
                "INTERVENTION_OFFERED": offered,
            }
        )

    def _adoption(
        self, person_id: int, child: str, born: str, periods: dict[int, LookedAfterPeriod]
    ) -> None:
        """Placed for adoption: each decision that the child should be placed standing at any
        time in the year (not reversed before it), with its reversal by 31 March. AD1: the
        decision behind an adoption order made in the year (DATE_INT is the decision's date,
        as the validator's rule 523 asks; FOSTER_CARE from the adoptive placement, A3 or A5
        with the child's foster carers). Previous permanence: for each period of care that
        began in the year (RNE S), as recorded (rule 630)."""
        start, ref = self.year.start, self.year.reference_date
        for decision in self.adoption.get(person_id, []):
            period = periods.get(decision.period_id)
            reversed_on = decision.no_longer_date
            if period is None or decision.decision_date > ref:
                continue
            if (reversed_on is not None and reversed_on < start) or (
                decision.order_date is not None and decision.order_date < start
            ):
                continue
            in_year = reversed_on is not None and reversed_on <= ref
            self.rows["placed_for_adoption"].append(
                {
                    "CHILD": child,
                    "DOB": born,
                    "DATE_PLACED": dmy(decision.decision_date),
                    "DATE_PLACED_CEASED": dmy(reversed_on) if in_year else "",
                    "REASON_PLACED_CEASED": decision.no_longer_reason if in_year else "",
                }
            )
            if decision.order_date is not None and decision.order_date <= ref:
                self._ad1(child, born, decision)
        for period in periods.values():
            if not start <= period.start_date <= ref:
                continue
            previous = self.previous_permanence.get(period.pk)
            if previous is None:
                self.problems.append((child, NO_PREVIOUS_PERMANENCE))
                continue
            self.rows["previous_permanence"].append(
                {
                    "CHILD": child,
                    "DOB": born,
                    "PREV_PERM": previous.option,
                    "LA_PERM": previous.authority_code,
                    "DATE_PERM": dmy(previous.order_date),
                }
            )

    def _ad1(self, child: str, born: str, decision: AdoptionDecision) -> None:
        last = [
            p
            for p in self.placements.get(decision.child_id, [])
            if p.period_id == decision.period_id
        ]
        placement_type = last[-1].placement_type if last else ""
        self.rows["ad1"].append(
            {
                "CHILD": child,
                "DOB": born,
                "DATE_INT": dmy(decision.decision_date),
                "DATE_MATCH": dmy(decision.match_date),
                "FOSTER_CARE": "1" if placement_type in WITH_FOSTER_CARERS else "0",
                "NB_ADOPTR": str(decision.adopters_count or ""),
                "SEX_ADOPTR": decision.adopters_sex,
                "LS_ADOPTR": decision.adopters_legal_status,
            }
        )


# --- OC3: care leavers on their birthdays from 17 to 21 --------------------------------------

OC3_AGES = range(17, 22)
# Born after the day 22 years before the year starts, and 17 by its last day.
OC3_OLDEST_MONTHS, OC3_YOUNGEST_MONTHS = 12 * (OC3_AGES.stop - 1), 12 * OC3_AGES.start
# Care ended by death, by another council taking over, or by adoption: no care leaver (the
# validator's rules 1000 and 1011; an adopted child is not a relevant child).
OC3_NOT_CARE_LEAVERS = frozenset({"E2", "E3", "E11", "E12"})
# At 17 and 18 only those who left care before the birthday (rules 1007 and 1016): someone
# still looked after on it, or leaving on or after it, is first asked about at the next.
OC3_LEFT_BEFORE_AGES = (17, 18)


def oc3_row(
    child: str, born: str, contacts: Iterable[CareLeaverContact], birthday_on: date
) -> dict[str, str]:
    """One OC3 row: the contact in the window nearest the birthday, one in touch before one
    not; with none recorded in the window the council was not in touch (NO, 0, 0)."""
    first = add_months(birthday_on, -OC3_MONTHS_BEFORE)
    last = add_months(birthday_on, OC3_MONTHS_AFTER)
    near = [c for c in contacts if first <= c.contact_date <= last]
    near.sort(key=lambda c: (c.in_touch != "YES", abs((c.contact_date - birthday_on).days)))
    if not near:
        return {"CHILD": child, "DOB": born, "IN_TOUCH": "NO", "ACTIV": "0", "ACCOM": "0"}
    contact = near[0]
    return {
        "CHILD": child,
        "DOB": born,
        "IN_TOUCH": contact.in_touch,
        "ACTIV": contact.activity or codes.OC3_NONE,
        "ACCOM": contact.oc3_accommodation,
    }


def _care_leavers(
    authority: Authority, year: ReturnYear, tables: _Tables, looked_after_ids: set[int]
) -> None:
    """OC3: the young people of the authority whose 17th to 21st birthday falls in the year
    and who are care leavers (looked after 13 weeks since 14, some of it at 16, short breaks
    left out: `care_leavers.eligibility`), with a header row for each not looked after in the
    year. Four queries whatever the cohort."""
    oldest = add_months(year.start, -OC3_OLDEST_MONTHS) + timedelta(days=1)
    youngest = add_months(year.reference_date, -OC3_YOUNGEST_MONTHS)
    ours = Referral.objects.filter(team__authority_id=authority.pk).values("child_id")
    people = list(
        Person.objects.filter(
            id__in=LookedAfterPeriod.objects.values("child_id"),
            date_of_birth__gte=oldest,
            date_of_birth__lte=youngest,
        )
        .filter(id__in=ours)
        .order_by("id")
    )
    ids = [p.pk for p in people]
    spells = care_spells_by_child(ids)
    last_reasons = dict(
        LookedAfterPeriod.objects.filter(child_id__in=ids)
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "reason_ceased")
    )
    contacts = _grouped(
        CareLeaverContact.objects.filter(child_id__in=ids).order_by("contact_date", "pk"),
        "child_id",
    )
    for person in people:
        born_on = person.date_of_birth
        assert born_on is not None  # filtered on it
        own = spells.get(person.pk, [])
        if last_reasons.get(person.pk) in OC3_NOT_CARE_LEAVERS or not qualifies(born_on, own):
            continue
        age = next(a for a in OC3_AGES if year.start <= birthday(born_on, a) <= year.reference_date)
        turned = birthday(born_on, age)
        if age in OC3_LEFT_BEFORE_AGES and any(s.end is None or s.end >= turned for s in own):
            continue
        if person.pk in looked_after_ids:
            child, born = person.la_child_id or str(person.pk), dmy(born_on)
        else:
            child, born = tables.header(person)
        tables.rows["oc3"].append(oc3_row(child, born, contacts.get(person.pk, []), turned))


def _write(folder: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    for table, columns in COLUMNS.items():
        partial = folder / (file_name(table) + ".partial")
        with partial.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(tables[table])
    for table in COLUMNS:
        (folder / (file_name(table) + ".partial")).replace(folder / file_name(table))


def ssda903_build(
    *, authority: Authority, year: int, output: Path, actor: User | None = None
) -> SSDA903Result:
    """Write the SSDA903 return for the year ending 31 March `year` into the folder `output`:
    one CSV file per table (DfE, "Children looked after return: guide"; column sets as
    Data to Insight's 903 validator reads them). Dates dd/mm/YYYY, postcodes whole."""
    try:
        collection = return_year(year)
    except UnknownReturnYear as error:
        raise SSDA903BuildError(str(error)) from None
    folder = Path(output)
    if not folder.is_dir():
        raise SSDA903BuildError(NO_FOLDER.format(folder=folder))
    there = sorted(f.name for f in folder.iterdir() if f.name in {file_name(t) for t in COLUMNS})
    if there:
        raise SSDA903BuildError(NOT_EMPTY.format(folder=folder, names=", ".join(there)))
    started = time.perf_counter()
    with transaction.atomic():  # one snapshot for every read
        people = _children_in_care(authority, collection)
        tables = _Tables(collection, people)
        for person in people:
            tables.child(person)
        _care_leavers(authority, collection, tables, {p.pk for p in people})
    _write(folder, tables.rows)
    result = SSDA903Result(
        folder=folder,
        rows={table: len(rows) for table, rows in tables.rows.items()},
        children=len(people),
        problems=tables.problems,
        seconds=time.perf_counter() - started,
        child_ids={p.la_child_id or str(p.pk): p.pk for p in people},
    )
    # Building the return reads every looked-after child's record: one entry for the export.
    audit_record(
        action=Action.EXPORT,
        actor=actor,
        object_type="returns.ssda903",
        object_id=f"{authority.la_code}-{year}",
        details={"year": year, "children": result.children, "episodes": result.rows["episodes"]},
    )
    return result
