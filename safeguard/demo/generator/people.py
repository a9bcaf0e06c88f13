"""Families: the child's parents, carers and siblings, their names, homes and house moves.

Names are combinations drawn from `safeguard.demo.names`; addresses are on generated streets
of the fictional city of Northbridge, in the non-existent "NB" postcode area. Identifiers
(NHS number, UPN, authority child id) are handed out later, in a fixed order, by
`writing.assign_ids`; here a person is only marked as needing one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from safeguard.common import codes
from safeguard.demo import names

from . import calibration as cal
from .records import (
    AddressRow,
    ChildHistory,
    DisabilityRow,
    PersonRow,
    RelationshipRow,
    ResidenceRow,
)
from .streams import Weighted, between, chance, pick, poisson, substream
from .timeline import years_between

# Marks an identifier to be handed out by `writing.assign_ids`.
PENDING = "?"
DISABILITIES = Weighted(cal.DISABILITY_WEIGHTS)
_RETURNED_HOME = frozenset({"E4A", "E4B", "E13"})


def random_postcode(rng: random.Random) -> str:
    district = between(rng, 1, names.POSTCODE_DISTRICTS)
    unit = pick(rng, names.INWARD_LETTERS) + pick(rng, names.INWARD_LETTERS)
    return f"{names.POSTCODE_AREA}{district} {between(rng, 1, 9)}{unit}"


@dataclass(frozen=True)
class Street:
    name: str
    district: int
    sector: int
    units: tuple[str, str]


def northbridge_streets(seed: int) -> list[Street]:
    """Every street in Northbridge, each in one postcode sector, with two unit postcodes."""
    rng = substream(seed, "streets")
    letters = names.INWARD_LETTERS
    streets = []
    for first in names.STREET_FIRST_PARTS:
        for kind in names.STREET_KINDS:
            units = (
                pick(rng, letters) + pick(rng, letters),
                pick(rng, letters) + pick(rng, letters),
            )
            streets.append(
                Street(
                    f"{first} {kind}",
                    between(rng, 1, names.POSTCODE_DISTRICTS),
                    between(rng, 1, 9),
                    (units[0], units[1]),
                )
            )
    return streets


def _address(rng: random.Random, streets: list[Street]) -> AddressRow:
    street = pick(rng, streets)
    number = between(rng, 1, 180)
    unit = street.units[number % 2]
    if chance(rng, 0.12):
        line_1 = f"Flat {between(rng, 1, 24)}, {pick(rng, _BLOCKS)} House"
        line_2 = f"{number} {street.name}"
    else:
        line_1, line_2 = f"{number} {street.name}", ""
    postcode = f"{names.POSTCODE_AREA}{street.district} {street.sector}{unit}"
    return AddressRow(line_1, postcode, line_2)


_BLOCKS = ("Ashdown", "Beacon", "Calder", "Derwent", "Eden", "Fairfield", "Greave", "Holme")


def _first_name(rng: random.Random, group: str, sex: str) -> str:
    table = names.FIRST_NAMES_FEMALE if sex == "F" else names.FIRST_NAMES_MALE
    return pick(rng, table[group])


def add_family(
    h: ChildHistory, rng: random.Random, streets: list[Street], born: date, as_of: date,
    *, front_door_only: bool,
) -> None:  # fmt: skip
    """The child's family and homes, written into the history."""
    child = h.child
    groups = names.NAME_GROUPS_BY_ETHNICITY[child.ethnicity]
    mother_group, father_group = groups[0], groups[-1]
    family_name = pick(rng, names.SURNAMES[father_group])
    mother_name = family_name if chance(rng, 0.6) else pick(rng, names.SURNAMES[mother_group])

    if child.date_of_birth is None:
        child.known_as = "Unborn baby"
        child.last_name = mother_name
    else:
        child.first_name = _first_name(rng, pick(rng, groups), child.sex)
        child.last_name = family_name
    child.la_child_id = PENDING
    _mark_identifiers(child, born, as_of)

    # Mothers are mostly in their twenties and early thirties at the child's birth.
    mother_born = born - timedelta(days=int(365.25 * (17 + rng.triangular(0, 25, 9))))
    mother = PersonRow(
        _first_name(rng, mother_group, "F"), mother_name, mother_born, "F",
        _parent_ethnicity(child.ethnicity, mother_group), False,
    )  # fmt: skip
    adults = [mother]
    father: PersonRow | None = None
    # The front door records little about families it does not refer: the child, the parents
    # at home. Referred children's records hold absent parents and siblings too.
    resident_father = chance(rng, 0.3 if front_door_only else 0.42)
    if resident_father or (not front_door_only and chance(rng, 0.45)):
        father = PersonRow(
            _first_name(rng, father_group, "M"), family_name,
            born - timedelta(days=int(365.25 * (19 + rng.triangular(0, 28, 10)))), "M",
            _parent_ethnicity(child.ethnicity, father_group), False,
        )  # fmt: skip
        adults.append(father)
    partner: PersonRow | None = None
    if not resident_father and not front_door_only and chance(rng, 0.18):
        partner = PersonRow(
            _first_name(rng, pick(rng, names.NAME_GROUPS_BY_ETHNICITY[pick(rng, _PARTNERS)]), "M"),
            pick(rng, names.SURNAMES[pick(rng, groups)]),
            mother_born - timedelta(days=between(rng, -2500, 4000)), "M", "WBRI", False,
        )  # fmt: skip
        adults.append(partner)

    # Siblings, born within the mother's childbearing years and by the as-of date.
    siblings: list[tuple[PersonRow, bool]] = []
    for _ in range(min(5, poisson(rng, 0.4 if front_door_only else 1.1))):
        sib_born = born + timedelta(days=between(rng, -12 * 365, 6 * 365))
        if sib_born > as_of or years_between(mother_born, sib_born) < 16 or sib_born == born:
            continue
        half = chance(rng, 0.3)
        sex = pick(rng, ("M", "F"))
        sibling = PersonRow(
            _first_name(rng, pick(rng, groups), sex),
            mother_name if half else family_name, sib_born, sex, child.ethnicity, True,
        )  # fmt: skip
        sibling.la_child_id = PENDING
        _mark_identifiers(sibling, sib_born, as_of)
        siblings.append((sibling, half))
    for adult in adults:
        adult.nhs_number = PENDING if chance(rng, 0.85) else None

    h.people.extend([child, *adults, *(s for s, _ in siblings)])
    _relationships(h, rng, mother, father, partner, siblings, born, as_of)
    if not front_door_only and chance(rng, 0.12):
        grandparent = PersonRow(
            _first_name(rng, mother_group, "F"), mother_name,
            mother_born - timedelta(days=int(365.25 * between(rng, 18, 30))), "F",
            mother.ethnicity, False,
        )  # fmt: skip
        h.people.append(grandparent)
        if child.date_of_birth is not None:
            h.relationships.append(
                RelationshipRow(grandparent, child, codes.RelationshipKind.GRANDPARENT, False)
            )
    if child.date_of_birth is not None and (h.disabled or not front_door_only):
        _disabilities(h, rng)
    _homes(h, rng, streets, born, as_of, mother, father if resident_father else partner, siblings)


_PARTNERS = ("WBRI", "WBRI", "WBRI", "BCRB", "WOTH", "APKN", "MWBC")
# A mixed-heritage child's parents: the ethnicity that goes with each parent's name group.
_GROUP_ETHNICITY = {
    names.WHITE_BRITISH: "WBRI",
    names.BLACK_CARIBBEAN: "BCRB",
    names.BLACK_AFRICAN: "BAFR",
    names.SOUTH_ASIAN_MUSLIM: "APKN",
    names.SOUTH_ASIAN_INDIAN: "AIND",
    names.ARAB_OTHER: "OOTH",
}


def _parent_ethnicity(child_ethnicity: str, group: str) -> str:
    if child_ethnicity.startswith("M"):
        return _GROUP_ETHNICITY.get(group, "WBRI")
    return child_ethnicity


def _mark_identifiers(person: PersonRow, born: date, as_of: date) -> None:
    """NHS numbers for everyone born; UPNs for children of school age (from 5)."""
    if person.date_of_birth is None:
        return
    person.nhs_number = PENDING
    age = years_between(born, as_of)
    if age >= 5:
        person.upn = PENDING
    elif person.is_child:
        person.upn_unknown_reason = codes.UPNUnknown.UN1


def _relationships(
    h: ChildHistory,
    rng: random.Random,
    mother: PersonRow,
    father: PersonRow | None,
    partner: PersonRow | None,
    siblings: list[tuple[PersonRow, bool]],
    born: date,
    as_of: date,
) -> None:
    parent_kind = codes.RelationshipKind.PARENT
    children = [(h.child, False), *siblings]
    father_has_pr = chance(rng, 0.8)
    for child, half in children:
        child_born = child.date_of_birth
        h.relationships.append(RelationshipRow(mother, child, parent_kind, True, child_born))
        if father is not None and not half:
            h.relationships.append(
                RelationshipRow(father, child, parent_kind, father_has_pr, child_born)
            )
        if partner is not None:
            joined = max(child_born or born, as_of - timedelta(days=between(rng, 60, 2000)))
            kind = pick(
                rng, (codes.RelationshipKind.STEP_PARENT, codes.RelationshipKind.PARTNER_OF_PARENT)
            )
            h.relationships.append(RelationshipRow(partner, child, kind, False, min(joined, as_of)))
    # Siblings are recorded both ways, so each child's page lists the other.
    for i, (a, half_a) in enumerate(children):
        for b, half_b in children[i + 1 :]:
            kind = (
                codes.RelationshipKind.HALF_SIBLING
                if half_a != half_b
                else codes.RelationshipKind.SIBLING
            )
            h.relationships.append(RelationshipRow(a, b, kind, False))
            h.relationships.append(RelationshipRow(b, a, kind, False))


def _disabilities(h: ChildHistory, rng: random.Random) -> None:
    """Census N00099: NONE alone, or one or more codes."""
    if not h.disabled:
        h.disabilities.append(DisabilityRow(h.child, codes.Disability.NONE))
        return
    chosen: list[str] = []
    for _ in range(1 + poisson(rng, 0.5)):
        code = DISABILITIES.pick(rng)
        if code not in chosen:
            chosen.append(code)
    h.disabilities.extend(DisabilityRow(h.child, code) for code in chosen)


def _homes(
    h: ChildHistory,
    rng: random.Random,
    streets: list[Street],
    born: date,
    as_of: date,
    mother: PersonRow,
    other_adult: PersonRow | None,
    siblings: list[tuple[PersonRow, bool]],
) -> None:
    """Where the household lived and when it moved; the child's stays in care placements."""
    oldest = min([born, *(s.date_of_birth for s, _ in siblings if s.date_of_birth)])
    first_home = oldest - timedelta(days=between(rng, 0, 3 * 365))
    # Moves are drawn over the last years only: older addresses are rarely kept on record.
    moves_from = max(first_home + timedelta(days=180), as_of - timedelta(days=int(365.25 * 6)))
    span = (as_of - moves_from).days
    moves = sorted(
        moves_from + timedelta(days=between(rng, 0, span))
        for _ in range(min(2, poisson(rng, cal.HOUSE_MOVE_RATE_PER_YEAR * span / 365.25)))
    ) if span > 0 else []  # fmt: skip
    boundaries = [first_home, *(m for m in moves if m > first_home)]
    homes: list[tuple[AddressRow, date, date | None]] = []
    for i, start in enumerate(boundaries):
        end = boundaries[i + 1] if i + 1 < len(boundaries) else None
        if end is not None and end <= start:
            continue
        address = _address(rng, streets)
        h.addresses.append(address)
        homes.append((address, start, end))
    h.district = int(homes[0][0].postcode.split(" ")[0][len(names.POSTCODE_AREA) :])

    household = [mother, *(s for s, _ in siblings)]
    if other_adult is not None:
        household.append(other_adult)
    for person in household:
        _live_at(h, person, homes, person.date_of_birth or born)
    if h.child.date_of_birth is not None:
        _child_homes(h, rng, streets, homes, h.child.date_of_birth)


def _live_at(
    h: ChildHistory,
    person: PersonRow,
    homes: list[tuple[AddressRow, date, date | None]],
    from_date: date,
    *,
    gaps: Sequence[tuple[date, date | None]] = (),
) -> None:
    home = codes.AddressKind.HOME
    for address, start, end in homes:
        pieces = [(max(start, from_date), end)]
        for gap_start, gap_end in gaps:
            cut: list[tuple[date, date | None]] = []
            for a, b in pieces:
                # Keep what lies before and after the gap.
                if gap_start > a:
                    cut.append((a, gap_start if b is None or gap_start < b else b))
                if gap_end is not None and (b is None or gap_end < b):
                    cut.append((max(a, gap_end), b))
            pieces = cut
        for a, b in pieces:
            if b is None or b > a:
                h.residences.append(ResidenceRow(person, address, home, a, b))


def _child_homes(
    h: ChildHistory,
    rng: random.Random,
    streets: list[Street],
    homes: list[tuple[AddressRow, date, date | None]],
    born: date,
) -> None:
    """Home, except while looked after (placement addresses then), and not after a period of
    care that did not end with a return home (adoption, guardianship, turning 18)."""
    gaps: list[tuple[date, date | None]] = []
    for period in h.care_periods:
        # SSDA903 HOME_POST: the home the child lived in when care began.
        period.home_postcode = next(
            (
                address.postcode
                for address, start, end in homes
                if start <= period.start_date and (end is None or period.start_date < end)
            ),
            homes[-1][0].postcode,
        )
    for period in h.care_periods:
        if period.end_date is None or period.reason_ceased not in _RETURNED_HOME:
            gaps.append((period.start_date, None))
            break
        gaps.append((period.start_date, period.end_date))
    _live_at(h, h.child, homes, born, gaps=gaps)
    for placement in h.placements:
        if placement.reason_new_episode not in ("S", "P", "B"):
            continue
        address = _address(rng, streets)
        address.postcode = placement.postcode
        h.addresses.append(address)
        h.residences.append(
            ResidenceRow(
                h.child, address, codes.AddressKind.PLACEMENT, placement.start_date,
                _stay_end(h, placement.period, placement.start_date),
            )
        )  # fmt: skip


def _stay_end(h: ChildHistory, period: object, start: date) -> date | None:
    """The end of a stay in a placement: the next move in the period, or the period's end."""
    later = [
        p.start_date
        for p in h.placements
        if p.period is period and p.start_date > start and p.reason_new_episode in ("P", "B")
    ]
    if later:
        return min(later)
    for p in h.care_periods:
        if p is period:
            return p.end_date
    return None
