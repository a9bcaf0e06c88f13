"""Write the census XML one child at a time, in the DfE's structure (Message/Header/Children/
Child/...), so memory does not grow with the authority.

Element names and order follow the structure in the domain notes (cin-census.md), read from
the community XSDs; `schema/` holds our XSD of exactly what is written here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from .records import CensusChild, CinEpisode, Header
from .years import CollectionYear

COLLECTION = "CIN"
SOURCE_LEVEL = "L"
NO_ATTRIBUTES: AttributesImpl[str] = AttributesImpl({})


def _date(value: date) -> str:
    return value.isoformat()


def _flag(value: bool) -> str:
    return "true" if value else "false"


class CensusWriter:
    """`with CensusWriter(file, year, header) as writer: writer.child(c) ...`"""

    def __init__(self, stream: BinaryIO, year: CollectionYear, header: Header) -> None:
        self._out = XMLGenerator(stream, encoding="utf-8", short_empty_elements=False)
        self._year = year
        self._header = header
        self._depth = 0

    def __enter__(self) -> CensusWriter:
        self._out.startDocument()
        self._start("Message")
        with self._element("Header"):
            with self._element("CollectionDetails"):
                self._leaf("Collection", COLLECTION)
                self._leaf("Year", str(self._year.year))
                self._leaf("ReferenceDate", _date(self._header.reference_date))
            with self._element("Source"):
                self._leaf("SourceLevel", SOURCE_LEVEL)
                self._leaf("LEA", self._header.la_code)
                self._leaf("SoftwareCode", self._header.software_code)
                self._leaf("Release", self._header.release)
                self._leaf("SerialNo", str(self._header.serial_number))
                self._leaf("DateTime", self._header.generated_at)
        self._start("Children")
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self._end("Children")
            self._end("Message")
            self._newline()
            self._out.endDocument()

    # --- one child ----------------------------------------------------------------------

    def child(self, c: CensusChild) -> None:
        with self._element("Child"):
            with self._element("ChildIdentifiers"):
                self._leaf("LAchildID", c.la_child_id)
                self._leaf("UPN", c.upn)
                self._leaf("FormerUPN", c.former_upn)
                self._leaf("UPNunknown", c.upn_unknown)
                self._leaf("PersonBirthDate", c.birth_date)
                self._leaf("ExpectedPersonBirthDate", c.expected_birth_date)
                self._leaf(self._year.sex_element, self._year.sex_code(c.sex))
                self._leaf("PersonDeathDate", c.death_date)
            with self._element("ChildCharacteristics"):
                self._leaf("Ethnicity", c.ethnicity)
                if c.disabilities:
                    with self._element("Disabilities"):
                        for code in c.disabilities:
                            self._leaf("Disability", code)
            for episode in c.episodes:
                self._episode(episode)

    def _episode(self, e: CinEpisode) -> None:
        with self._element("CINdetails"):
            self._leaf("CINreferralDate", e.referral_date)
            self._leaf("ReferralSource", e.source)
            self._leaf("PrimaryNeedCode", e.primary_need)
            self._leaf("CINclosureDate", e.closure_date)
            self._leaf("ReasonForClosure", e.closure_reason)
            self._leaf("DateOfInitialCPC", e.conference_date)
            if e.no_further_action is not None:
                self._leaf("ReferralNFA", _flag(e.no_further_action))
            for a in e.assessments:
                with self._element("Assessments"):
                    self._leaf("AssessmentActualStartDate", a.start_date)
                    self._leaf("AssessmentAuthorisationDate", a.authorisation_date)
                    if a.factors:
                        with self._element("FactorsIdentifiedAtAssessment"):
                            for factor in a.factors:
                                self._leaf("AssessmentFactors", factor)
            for p in e.cin_plans:
                with self._element("CINPlanDates"):
                    self._leaf("CINPlanStartDate", p.start_date)
                    self._leaf("CINPlanEndDate", p.end_date)
            for s in e.section47s:
                with self._element("Section47"):
                    self._leaf("S47ActualStartDate", s.start_date)
                    self._leaf("InitialCPCtarget", s.conference_target)
                    self._leaf("DateOfInitialCPC", s.conference_date)
                    self._leaf("ICPCnotRequired", _flag(s.conference_not_required))
            for cp in e.protection_plans:
                with self._element("ChildProtectionPlans"):
                    self._leaf("CPPstartDate", cp.start_date)
                    self._leaf("CPPendDate", cp.end_date)
                    self._leaf("InitialCategoryOfAbuse", cp.initial_category)
                    self._leaf("LatestCategoryOfAbuse", cp.latest_category)
                    if cp.previous_plans is not None:
                        self._leaf("NumberOfPreviousCPP", str(cp.previous_plans))
                    if cp.review_dates:
                        with self._element("Reviews"):
                            for review in cp.review_dates:
                                self._leaf("CPPreviewDate", review)

    # --- plumbing: indented output so a person can read the file ---------------------------

    def _newline(self) -> None:
        self._out.ignorableWhitespace("\n" + "  " * self._depth)

    def _start(self, name: str) -> None:
        if self._depth:
            self._newline()
        self._out.startElement(name, NO_ATTRIBUTES)
        self._depth += 1

    def _end(self, name: str) -> None:
        self._depth -= 1
        self._newline()
        self._out.endElement(name)

    @contextmanager
    def _element(self, name: str) -> Iterator[None]:
        self._start(name)
        yield
        self._end(name)

    def _leaf(self, name: str, value: str | date | None) -> None:
        """An element with text; nothing at all when there is no value (optional items are
        left out rather than written empty)."""
        if value is None or value == "":
            return
        self._newline()
        self._out.startElement(name, NO_ATTRIBUTES)
        self._out.characters(_date(value) if isinstance(value, date) else value)
        self._out.endElement(name)
