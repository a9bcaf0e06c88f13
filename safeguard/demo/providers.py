"""The demo authority's providers register, written through the register's own services as
an authority would fill it: the children's homes it knows by name added first (Ofsted
publishes no names for them), then Ofsted's provider-level file imported with years of
inspections, and last month one provider that demo children live with rated inadequate, so
that sw.demo and tm.demo find the placement review on their task lists.

The providers are the generator's (`safeguard.demo.generator.providers`), whose URNs the
demo's placements carry. Their inspections are made up: grades mostly good, a few outstanding
or requiring improvement, an inadequate one now and then that a later inspection lifted; the
children's homes rated inadequate fall over five years to none in the last (the improvement
journey).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model

from safeguard.cases.models import Allocation, Placement
from safeguard.demo.generator.providers import (
    DemoProvider,
    demo_providers,
    placement_review_month,
)
from safeguard.demo.generator.streams import Weighted, between, chance, substream
from safeguard.providers import services
from safeguard.providers.codes import Grade, InspectionKind, ProviderKind
from safeguard.providers.models import Provider
from safeguard.providers.ofsted_file import COLUMNS

# Who keeps the register in the demo: the performance analyst.
KEEPER = "analyst.demo"
FILE_NAME = "northbridge-demo-ofsted-provider-level.csv"
# Months between full inspections: children's homes are inspected every year, agencies less
# often (Ofsted's social care common inspection framework).
INTERVAL_MONTHS: dict[str, int] = {
    ProviderKind.CHILDRENS_HOME: 12,
    ProviderKind.SECURE_CHILDRENS_HOME: 12,
    ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL: 12,
    ProviderKind.SUPPORTED_ACCOMMODATION: 24,
    ProviderKind.INDEPENDENT_FOSTERING_AGENCY: 36,
    ProviderKind.RESIDENTIAL_FAMILY_CENTRE: 36,
}
GRADES = Weighted(
    {
        Grade.OUTSTANDING: 14,
        Grade.GOOD: 60,
        Grade.REQUIRES_IMPROVEMENT: 21,
        Grade.INADEQUATE: 5,
    }
)
# Ofsted's words in its file, by the register's codes.
_KIND_WORDS = {
    ProviderKind.CHILDRENS_HOME: "Children's home",
    ProviderKind.SECURE_CHILDRENS_HOME: "Secure children's home",
    ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL: "Residential Special School",
    ProviderKind.SUPPORTED_ACCOMMODATION: "Supported Accommodation",
    ProviderKind.INDEPENDENT_FOSTERING_AGENCY: "Independent Fostering Agency",
    ProviderKind.RESIDENTIAL_FAMILY_CENTRE: "Residential Family Centre",
    ProviderKind.VOLUNTARY_ADOPTION_AGENCY: "Voluntary Adoption Agency",
    ProviderKind.LOCAL_AUTHORITY_FOSTERING_AGENCY: "Local Authority Fostering Agency",
    ProviderKind.LOCAL_AUTHORITY_ADOPTION_AGENCY: "Local Authority Adoption Agency",
}
# Ofsted withholds these settings' names and addresses.
_WITHHELD = frozenset({ProviderKind.CHILDRENS_HOME, ProviderKind.SECURE_CHILDRENS_HOME})


def demo_providers_create(*, seed: int, scale: float, as_of: date) -> int:
    """Fill the register and downgrade one provider; returns the rows written."""
    keeper = get_user_model().objects.filter(username=KEEPER).first()
    providers = demo_providers(seed, scale)
    for provider in providers:
        if provider.kind in _WITHHELD:
            services.provider_create(
                urn=provider.urn,
                kind=provider.kind,
                name=provider.name,
                postcode=provider.postcode,
                local_authority=provider.local_authority,
                registration_status="active",
                created_by=keeper,
            )
    lines = [
        line
        for index, provider in enumerate(providers)
        for line in _inspections(provider, substream(seed, "provider-history", index), as_of)
    ]
    report = services.ofsted_file_import(
        data=_ofsted_file(lines), file_name=FILE_NAME, imported_by=keeper, today=as_of
    )
    if not report.imported:  # pragma: no cover - the demo's own file is always valid
        raise RuntimeError(f"the demo's Ofsted file was refused: {report.summary}")
    return len(providers) + report.inspections_added + _downgrade(keeper, as_of)


def _inspections(provider: DemoProvider, rng: random.Random, as_of: date) -> list[dict[str, str]]:
    """The provider's inspections, latest first back to its registration: a full inspection
    every interval (the latest never inadequate: the demo's one downgrade is last month's),
    and now and then a monitoring visit between two, which gives no grade."""
    interval = INTERVAL_MONTHS.get(provider.kind, 36) * 30
    day = as_of - timedelta(days=between(rng, 60, min(330, interval)))
    rows: list[dict[str, str]] = []
    while day > provider.registered_on + timedelta(days=120) and len(rows) < 12:
        day = _weekday(day)
        grade = _improving(provider, day, as_of, GRADES.pick(rng))
        if not rows and grade == Grade.INADEQUATE:
            grade = Grade.REQUIRES_IMPROVEMENT
        published = min(day + timedelta(days=between(rng, 25, 55)), as_of)
        rows.append(_row(provider, InspectionKind.FULL, day, grade, published))
        if chance(rng, 0.25 if grade != Grade.INADEQUATE else 1.0):
            visit = _weekday(day + timedelta(days=between(rng, 60, 150)))
            if visit < as_of - timedelta(days=45):
                rows.append(_row(provider, InspectionKind.MONITORING, visit, "", visit))
        day -= timedelta(days=interval + between(rng, -40, 40))
    return rows


# The improvement journey (docs/improvement.md, the 2010 statement's seven inadequate homes to
# none): a children's home inspected a year or more ago was more often inadequate the longer
# ago, up to this share five years back; none in the last year.
INADEQUATE_HOMES_FIVE_YEARS_AGO = 0.3


def _improving(provider: DemoProvider, day: date, as_of: date, grade: str) -> str:
    if provider.kind != ProviderKind.CHILDRENS_HOME or grade == Grade.INADEQUATE:
        return grade
    years_ago = (as_of - day).days / 365.25
    share = min(
        INADEQUATE_HOMES_FIVE_YEARS_AGO, INADEQUATE_HOMES_FIVE_YEARS_AGO * (years_ago - 1) / 4
    )
    # Its own draw, keyed by the home and the day, so the provider's other draws stay the same.
    draw = random.Random(f"{provider.urn}:{day.isoformat()}").random()
    return Grade.INADEQUATE if draw < share else grade


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _row(
    provider: DemoProvider, kind: str, day: date, grade: str, published: date
) -> dict[str, str]:
    withheld = provider.kind in _WITHHELD
    return {
        "urn": provider.urn,
        "kind": _KIND_WORDS[ProviderKind(provider.kind)],
        "registration_status": "Active",
        "name": "REDACTED" if withheld else provider.name,
        "postcode": "REDACTED" if withheld else provider.postcode,
        "local_authority": provider.local_authority,
        "sector": provider.sector,
        "owner": provider.owner,
        "event_type": InspectionKind(kind).label,
        "inspection_date": f"{day:%d/%m/%Y}",
        "publication_date": f"{published:%d/%m/%Y}",
        "grade": Grade(grade).label if grade else "",
    }


def _ofsted_file(lines: list[dict[str, str]]) -> bytes:
    """The lines in the layout of Ofsted's provider-level file: a title, a note, the column
    names Ofsted uses, a row an inspection."""
    columns = [column for column in COLUMNS if not column.key.startswith("previous_")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Children's social care data in England - Provider level (fictional demo)"])
    writer.writerow(["Made up for the Northbridge demo: no row is a real provider."])
    writer.writerow([])
    writer.writerow([column.name for column in columns])
    for line in lines:
        writer.writerow([line.get(column.key, "") for column in columns])
    return ("\ufeff" + out.getvalue()).encode()


def _downgrade(keeper: Any, as_of: date) -> int:
    """Rate inadequate, last month, the provider sw.demo's looked-after child lives with (the
    generator made sure there is one: `make_demo_placement_to_review`)."""
    since, rated_on = placement_review_month(as_of)
    theirs = Allocation.objects.filter(
        end_date__isnull=True, worker__user__username="sw.demo"
    ).values("child_id")
    # A children's home or an agency (`make_demo_placement_to_review`), never the council's
    # own fostering service, which Ofsted inspects with the council's children's services.
    placement = (
        Placement.objects.filter(end_date__isnull=True, child_id__in=theirs)
        .exclude(urn="")
        .filter(
            urn__in=Provider.objects.filter(
                kind__in=(ProviderKind.CHILDRENS_HOME, ProviderKind.INDEPENDENT_FOSTERING_AGENCY)
            ).values("urn")
        )
        .exclude(child__care_reviews__review_date__gte=since)
        .order_by("child_id")
        .first()
    )
    if placement is None:
        return 0
    provider = Provider.objects.get(urn=placement.urn)
    published = rated_on + timedelta(days=21)
    services.inspection_record(
        provider=provider,
        kind=InspectionKind.FULL,
        inspection_date=rated_on,
        grade=Grade.INADEQUATE,
        publication_date=published if published <= as_of else None,
        recorded_by=keeper,
        today=as_of,
    )
    return 1
