"""Write the workforce census XML in the DfE's structure: Message / Header / LALevelVacancies
/ CSWWWorker (one per worker). Element names and order as our XSD in `schema/` has them; an
item the record lacks is left out rather than written empty."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from safeguard.workforce.codes import CswwGender

from .records import CensusWorker, Header, Vacancies
from .years import CensusYear

COLLECTION = "CSWW"
SOURCE_LEVEL = "L"
NO_ATTRIBUTES: AttributesImpl[str] = AttributesImpl({})
# From 2024 the census asks `Sex` (M/F) where it asked `GenderCurrent` (0/1/2/9). Not known
# and not specified have no `Sex` code: the item is left out and the report asks for it.
SEX_OF_GENDER = {CswwGender.MALE.value: "M", CswwGender.FEMALE.value: "F"}


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _fte(value: Decimal | None) -> str | None:
    # The census's FTE carries six decimal places (0.5 is written 0.500000).
    return None if value is None else f"{value:.6f}"


def _two_places(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def sex_code(worker: CensusWorker) -> str | None:
    return SEX_OF_GENDER.get(worker.gender or "")


class _Writer:
    def __init__(self, stream: BytesIO) -> None:
        self._out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=False)
        self._depth = 0

    def start(self, name: str) -> None:
        if self._depth:
            self._newline()
        self._out.startElement(name, NO_ATTRIBUTES)
        self._depth += 1

    def end(self, name: str) -> None:
        self._depth -= 1
        self._newline()
        self._out.endElement(name)

    def leaf(self, name: str, value: str | date | int | None) -> None:
        if value is None or value == "":
            return
        self._newline()
        self._out.startElement(name, NO_ATTRIBUTES)
        self._out.characters(value.isoformat() if isinstance(value, date) else str(value))
        self._out.endElement(name)

    def _newline(self) -> None:
        self._out.ignorableWhitespace("\n" + "  " * self._depth)

    def begin(self) -> None:
        self._out.startDocument()

    def finish(self) -> None:
        self._out.ignorableWhitespace("\n")
        self._out.endDocument()


def census_xml(
    header: Header, vacancies: Vacancies, workers: Iterable[CensusWorker], year: CensusYear
) -> bytes:
    """The whole file. An authority has hundreds of social workers, not tens of thousands of
    children: built in memory, then written and moved into place by the service."""
    stream = BytesIO()
    w = _Writer(stream)
    w.begin()
    w.start("Message")
    w.start("Header")
    w.start("CollectionDetails")
    w.leaf("Collection", COLLECTION)
    w.leaf("Year", str(year.year))
    w.leaf("ReferenceDate", header.reference_date)
    w.end("CollectionDetails")
    w.start("Source")
    w.leaf("SourceLevel", SOURCE_LEVEL)
    w.leaf("LEA", header.la_code)
    w.leaf("SoftwareCode", header.software_code)
    w.leaf("DateTime", header.generated_at)
    w.end("Source")
    w.end("Header")
    w.start("LALevelVacancies")
    w.leaf("NumberOfVacancies", _two_places(vacancies.vacant_fte))
    w.leaf("NoAgencyFTE", _two_places(vacancies.agency_fte))
    w.leaf("NoAgencyHeadcount", vacancies.agency_headcount)
    if year.asks_pay and vacancies.pay_policy is not None:
        policy = vacancies.pay_policy
        w.leaf("RecruitmentBonus", policy.recruitment_bonus)
        w.leaf("RetentionBonus", policy.retention_bonus)
        w.leaf("PerformanceAward", policy.performance_award)
        w.leaf("CarAllowance", policy.car_allowance)
        w.leaf("RelocationPackage", policy.relocation_package)
        w.leaf("RegionalWeighting", policy.regional_weighting)
        w.leaf("CostSWE", policy.cost_swe)
        w.leaf("CostDBS", policy.cost_dbs)
        w.leaf("OtherAllowances", policy.other_allowances)
    w.end("LALevelVacancies")
    for c in workers:
        w.start("CSWWWorker")
        w.leaf("AgencyWorker", _flag(c.agency))
        w.leaf("SWENo", c.swe_number)
        w.leaf("FTE", _fte(c.fte))
        w.leaf("PersonBirthDate", c.birth_date)
        if year.uses_sex:
            w.leaf("Sex", sex_code(c))
        else:
            w.leaf("GenderCurrent", c.gender)
        w.leaf("Ethnicity", c.ethnicity)
        if not year.asks_pay:
            w.leaf("QualInst", c.qualification_institution)
        w.leaf("QualLevel", c.qualification_level)
        w.leaf("StepUpGrad", _flag(c.step_up_graduate))
        w.leaf("OrgRole", c.org_role)
        w.leaf("RoleStartDate", c.role_start_date)
        w.leaf("StartOrigin", c.start_origin)
        w.leaf("RoleEndDate", c.role_end_date)
        w.leaf("LeaverDestination", c.leaver_destination)
        w.leaf("ReasonLeave", c.reason_leave)
        w.leaf("FTE30", _fte(c.fte_30))
        w.leaf("Cases30", c.cases_30)
        w.leaf("WorkingDaysLost", _two_places(c.working_days_lost))
        w.leaf("FrontlineGrad", _flag(c.frontline_graduate))
        w.leaf("Absat30Sept", _flag(c.absent_30))
        w.leaf("ReasonAbsence", c.absence_reason)
        if year.asks_pay:
            w.leaf("BaseSalary", _two_places(c.base_salary))
            w.leaf("RRPayments", _two_places(c.rr_payments))
            w.leaf("OtherPayments", _two_places(c.other_payments))
        w.end("CSWWWorker")
    w.end("Message")
    w.finish()
    return stream.getvalue()
