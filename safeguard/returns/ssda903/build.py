"""ssda903_build: the SSDA903 return of one authority for one collection year, read from the
case record (periods of care, placements, reviews, health) and written as the collection's
CSV files, one per table, with the exact column sets of the year (`years.COLUMNS`).

Tables the record does not hold yet (UASC, OC3, AD1, placed for adoption, previous
permanence, social worker episodes) are written with their header row and no rows,
so the return is complete in shape and says plainly what is not recorded.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.care.models import (
    DentalCheck,
    HealthAssessment,
    ImmunisationStatus,
    MissingEpisode,
    SdqScore,
)
from safeguard.cases.models import LookedAfterPeriod, LookedAfterReview, Placement, Referral
from safeguard.common import codes
from safeguard.organisation.models import Authority
from safeguard.people.ages import age_on
from safeguard.people.models import Person
from safeguard.timescales.working_days import add_months

from .years import COLUMNS, ReturnYear, UnknownReturnYear, return_year

NO_FOLDER = "The folder {folder} does not exist: create it or choose another --output."
NOT_EMPTY = "The folder {folder} already holds SSDA903 files ({names}): choose an empty folder."
WRONG_CODE = "placement type {code} is not in the {label} code list"

# Tables written with their header row only: the record does not hold these yet.
NOT_RECORDED = (
    "uasc",
    "oc3",
    "ad1",
    "placed_for_adoption",
    "previous_permanence",
    "social_worker_episodes",
)
# Short breaks (V3, V4) do not count towards the 12 months of OC2.
SHORT_BREAKS = frozenset({codes.LegalStatus.V3, codes.LegalStatus.V4})
# OC2 SDQ_REASON: no score because the child was under 4 or over 16 (SDQ1), or for another
# reason (SDQ4): the record does not say why a questionnaire was not returned.
SDQ_AGE_OUT = "SDQ1"
SDQ_OTHER = "SDQ4"
SDQ_AGES = range(4, 17)
UNDER_FIVE = 5
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


def file_name(table: str) -> str:
    return f"{table}.csv"


def dmy(value: date | None) -> str:
    """The return's date form, dd/mm/YYYY (blank for none)."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def partial_postcode(postcode: str) -> str:
    """The return's partial postcode: the outward code and the first character of the inward
    code (`AB12 3CD` -> `AB12 3`). Blank for none or one too short to be a postcode."""
    compact = "".join(postcode.split()).upper()
    if len(compact) < 5:
        return ""
    return f"{compact[:-3]} {compact[-3]}"


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
        self.sdqs = _grouped(
            SdqScore.objects.filter(
                child_id__in=ids, completed_on__gte=start, completed_on__lte=ref
            ).order_by("completed_on", "pk"),
            "child_id",
        )

    def child(self, person: Person) -> None:
        child = person.la_child_id or str(person.pk)
        born = dmy(person.date_of_birth)
        self.rows["header"].append(
            {
                "CHILD": child,
                "SEX": person.sex,
                "DOB": born,
                "ETHNIC": person.ethnicity,
                "UPN": person.upn or person.upn_unknown_reason,
                # Whether the child is a mother, and her child's birth date: not recorded.
                "MOTHER": "",
                "MC_DOB": "",
            }
        )
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
                    "HOME_POST": partial_postcode(period.home_postcode),
                    "PL_POST": partial_postcode(placement.postcode),
                    "URN": placement.urn,
                }
            )

    def _looked_after_twelve_months(self, person_id: int) -> bool:
        """OC2 is for children looked after on 31 March who had been for at least 12 months
        (not counting short breaks)."""
        ref = self.year.reference_date
        open_on_ref = [
            p for p in self.placements.get(person_id, []) if p.end_date is None or p.end_date > ref
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
        self.rows["oc2"].append(
            {
                "CHILD": child,
                "DOB": born,
                "SDQ_SCORE": score,
                "SDQ_REASON": reason,
                # Convictions, substance misuse and interventions: not recorded.
                "CONVICTED": "",
                "HEALTH_CHECK": health_check,
                "IMMUNISATIONS": "1" if immunisations and immunisations[-1].up_to_date else "0",
                "TEETH_CHECK": "1" if self.dental.get(person.pk) else "0",
                "HEALTH_ASSESSMENT": "1" if assessments else "0",
                "SUBSTANCE_MISUSE": "",
                "INTERVENTION_RECEIVED": "",
                "INTERVENTION_OFFERED": "",
            }
        )


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
    Data to Insight's 903 validator reads them). Dates dd/mm/YYYY, postcodes partial."""
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
    _write(folder, tables.rows)
    result = SSDA903Result(
        folder=folder,
        rows={table: len(rows) for table, rows in tables.rows.items()},
        children=len(people),
        problems=tables.problems,
        seconds=time.perf_counter() - started,
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
