"""Every change to who a person is, who they are related to, who they live with and where.

Each service is keyword-only and typed, checks what it is given (the rules below and the
model's own validation: the NHS number's check digit, the UPN's check letter, the postcode's
shape), writes all or nothing, and writes its own audit entries in the same transaction,
naming the fields it changed but never their values (the audit trail carries no case content).
Each takes the `child` whose record the change is made on, so "who changed this child's
record" is one question of the trail.

History is kept. A relationship ends on a date; someone leaves a household on a date; a move
ends the current residence on the day of the move and starts a new one at the new address
that day (as every residence in the record is kept: the old one ends the day the new one
starts). Only corrections to who a person is (a misspelt name, a wrong date of birth) change a
value in place, and those are audited with the fields they changed.

People know nothing of cases (import-linter: people-know-no-cases): the pages that call these
live in `cases` and have applied need to know to the child first. A refusal is a
`PersonChangeRefused` carrying one `Problem` per field at fault, shown beside the input it
names; the messages are module constants so tests assert the exact text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common import codes
from safeguard.common.errors import SafeguardError

from .identifiers import (
    POSTCODE_INVALID,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_is_valid,
)
from .models import Address, Person, Relationship, Residence

__all__ = [
    "NewPerson",
    "PersonChangeRefused",
    "Problem",
    "household_member_add",
    "household_member_leave",
    "person_details_change",
    "relationship_add",
    "relationship_change",
    "relationship_end",
    "residence_move",
]

# --- Messages ---------------------------------------------------------------------------------

NOTHING_CHANGED = "You have not changed anything. Change a detail, or go back to the record."
LAST_NAME_REQUIRED = "Enter the last name"
DATE_IN_FUTURE = "The {what} cannot be in the future: enter today's date or an earlier one"
BIRTH_AFTER_DEATH = "The date of birth must be on or before {death}, the date of death"
UNBORN_SEX = (
    "An unborn child's sex is recorded as 'Unknown / unborn' until they are born (census rule 8750)"
)
NHS_NUMBER_IN_USE = "This NHS number is recorded for someone else: check it was copied correctly"
UPN_REASON_WITH_UPN = "Leave 'Why the UPN is not known' empty when the unique pupil number is known"
NOT_ON_THIS_RECORD = "This is not on {child}'s record"
RELATIVE_IS_THE_CHILD = "A child cannot be recorded as their own relative"
ALREADY_RELATED = (
    "{name} is already recorded as related to {child}. If that has changed, end that "
    "relationship first."
)
SAME_KIND_BEFORE = (
    "{name} was recorded as {kind} to {child} until {until}: that relationship stays in the "
    "history, so record the new one as a different kind"
)
RELATIONSHIP_ENDED = "This relationship ended on {until}: it is part of the history now"
RELATIONSHIP_FROM_OTHER_SIDE = (
    "This relationship is recorded from {child}'s side: end it, and add it again as it is now"
)
END_BEFORE_START = "The {what} must be on or after {start}, {start_is}"
NEEDS_ONE_PERSON = "Choose who it is, or enter their details"
ADDRESS_NOT_CURRENT = "{child} does not live at this address now"
REFUGE_HOUSEHOLD = (
    "Other people at a refuge are not recorded: it would point to other families there"
)
ALREADY_LIVES_THERE = "{name} already lives at this address"
NOT_IN_HOUSEHOLD = "{name} does not live at this address now"
RESIDENCE_ENDED = "This stay at the address ended on {until}: it is part of the history now"
MOVE_NOT_AFTER_START = (
    "The date of the move must be after {start}, the day {name} moved to the current address"
)
MOVE_TO_SAME_ADDRESS = "This is the address they are moving from: enter the new address"
ADDRESS_LINE_REQUIRED = "Enter the first line of the address"
TOWN_REQUIRED = "Enter the town or city"


# --- Refusals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what was given: the sentence to show, and the inputs at fault."""

    message: str
    fields: tuple[str, ...] = ()


class PersonChangeRefused(SafeguardError):
    """What was given cannot be recorded; nothing was written. `violations` (as the case
    record's refusals call them, so `common.forms.add_errors_from` shows each beside its
    input) are the problems found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.violations = tuple(problems)
        fields = tuple(dict.fromkeys(f for p in self.violations for f in p.fields))
        super().__init__(
            " ".join(p.message for p in self.violations),
            fields=fields,
            code="person_change_refused",
        )


def _refuse_if(problems: list[Problem]) -> None:
    if problems:
        raise PersonChangeRefused(problems)


def _fmt(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def _not_in_future(name: str, what: str, on: date | None) -> list[Problem]:
    if on is not None and on > timezone.localdate():
        return [Problem(DATE_IN_FUTURE.format(what=what), (name,))]
    return []


def _not_before(
    name: str, what: str, on: date | None, start: date | None, start_is: str
) -> list[Problem]:
    if on is None or start is None or on >= start:
        return []
    return [
        Problem(END_BEFORE_START.format(what=what, start=_fmt(start), start_is=start_is), (name,))
    ]


def _kind_label(kind: str) -> str:
    return str(dict(codes.RelationshipKind.choices).get(kind, kind)).lower()


# --- Writing and auditing -----------------------------------------------------------------------


def _save(instance: Model, *, child: Person, fields: Sequence[str] = ()) -> None:
    """Validate, save and audit one row: a value the model refuses comes back as a problem
    beside its field, never as a half-written change. The entry names the fields written,
    not what they now say."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise PersonChangeRefused(
            Problem(" ".join(str(m) for m in messages), (name,))
            for name, messages in error.message_dict.items()
        ) from error
    adding = instance._state.adding
    instance.save()
    audit_record(
        action=Action.CREATE if adding else Action.UPDATE,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        child_id=child.pk,
        details={"fields": sorted(fields)} if fields else {},
    )


# --- Who a person is ----------------------------------------------------------------------------

_DETAIL_FIELDS = (
    "first_name",
    "middle_names",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "upn_unknown_reason",
)


def person_details_change(
    *,
    person: Person,
    first_name: str,
    middle_names: str,
    last_name: str,
    known_as: str,
    date_of_birth: date | None,
    expected_date_of_birth: date | None,
    sex: str,
    ethnicity: str,
    nhs_number: str,
    upn: str,
    upn_unknown_reason: str,
) -> list[str]:
    """Correct who a child is: names, date of birth (or the expected one, unborn), sex,
    ethnicity, NHS number and unique pupil number, each checked as the census checks it
    (N00098 dates, rule 8750, the NHS number's modulus 11 digit, the UPN's check letter).
    A UPN replaced by another is kept as the former UPN (census FormerUPN). Returns the
    fields changed; refuses a change that changes nothing."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        new = {
            "first_name": first_name.strip(),
            "middle_names": " ".join(middle_names.split()),
            "last_name": last_name.strip(),
            "known_as": known_as.strip(),
            "date_of_birth": date_of_birth,
            "expected_date_of_birth": expected_date_of_birth,
            "sex": sex,
            "ethnicity": ethnicity,
            # An empty NHS number is none at all (NULL), so the unique index ignores it.
            "nhs_number": normalise_nhs_number(nhs_number) or None,
            "upn": normalise_upn(upn),
            "upn_unknown_reason": upn_unknown_reason,
        }
        changed = [name for name in _DETAIL_FIELDS if getattr(person, name) != new[name]]
        problems: list[Problem] = []
        if not changed:
            problems.append(Problem(NOTHING_CHANGED))
        if not new["last_name"]:
            problems.append(Problem(LAST_NAME_REQUIRED, ("last_name",)))
        problems += _not_in_future("date_of_birth", "date of birth", date_of_birth)
        died = person.date_of_death
        if date_of_birth is not None and died is not None and date_of_birth > died:
            death = _fmt(died)
            problems.append(Problem(BIRTH_AFTER_DEATH.format(death=death), ("date_of_birth",)))
        unborn = date_of_birth is None and expected_date_of_birth is not None
        if unborn and sex != codes.Sex.UNKNOWN:
            problems.append(Problem(UNBORN_SEX, ("sex",)))
        nhs = new["nhs_number"]
        if nhs and Person.objects.filter(nhs_number=nhs).exclude(pk=person.pk).exists():
            problems.append(Problem(NHS_NUMBER_IN_USE, ("nhs_number",)))
        if new["upn"] and upn_unknown_reason:
            problems.append(Problem(UPN_REASON_WITH_UPN, ("upn_unknown_reason",)))
        _refuse_if(problems)
        if "upn" in changed and person.upn:
            # Census FormerUPN: the number the child was known by before this one.
            person.former_upn = person.upn
            changed.append("former_upn")
        for name in _DETAIL_FIELDS:
            setattr(person, name, new[name])
        _save(person, child=person, fields=changed)
        return changed


# --- Relationships ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPerson:
    """Someone not on the record yet: a relative or a member of the household."""

    first_name: str
    last_name: str
    date_of_birth: date | None = None
    sex: str = codes.Sex.UNKNOWN
    is_child: bool = False


def _new_person(details: NewPerson, *, child: Person) -> Person:
    problems: list[Problem] = []
    if not details.last_name.strip():
        problems.append(Problem(LAST_NAME_REQUIRED, ("last_name",)))
    problems += _not_in_future("date_of_birth", "date of birth", details.date_of_birth)
    _refuse_if(problems)
    person = Person(
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        date_of_birth=details.date_of_birth,
        sex=details.sex,
        is_child=details.is_child,
    )
    _save(person, child=child)
    return person


def _between(a: Person, b: Person) -> Q:
    return Q(person=a, relative=b) | Q(person=b, relative=a)


def _relative_problems(
    *, child: Person, relative: Person, kind: str, exclude: int | None = None
) -> list[Problem]:
    """One open relationship between two people, and never a second of the same kind (the
    ended one is the history of it: `relationship_unique`)."""
    if relative.pk == child.pk:
        return [Problem(RELATIVE_IS_THE_CHILD, ("relative",))]
    existing = Relationship.objects.filter(_between(child, relative))
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    names = {"name": relative.full_name, "child": child.full_name}
    if any(other.end_date is None for other in existing):
        return [Problem(ALREADY_RELATED.format(**names), ("relative",))]
    same = existing.filter(person=relative, relative=child, kind=kind).first()
    if same is not None and same.end_date is not None:
        until = _fmt(same.end_date)
        return [
            Problem(
                SAME_KIND_BEFORE.format(kind=_kind_label(kind), until=until, **names), ("kind",)
            )
        ]
    return []


def relationship_add(
    *,
    child: Person,
    kind: str,
    has_parental_responsibility: bool,
    start_date: date | None,
    relative: Person | None = None,
    new_relative: NewPerson | None = None,
) -> Relationship:
    """Record that someone is `kind` to the child (parent, sibling, grandparent, ...), with or
    without parental responsibility for them (Children Act 1989 s.3), from a date if known.
    Stored as "<relative> is <kind> of <child>". `relative` is someone already on the record;
    `new_relative` someone added with it, in the same transaction."""
    with transaction.atomic():
        if (relative is None) == (new_relative is None):
            raise PersonChangeRefused([Problem(NEEDS_ONE_PERSON, ("relative",))])
        child = Person.objects.select_for_update().get(pk=child.pk)
        problems = _not_in_future("start_date", "start date", start_date)
        if relative is not None:
            problems += _relative_problems(child=child, relative=relative, kind=kind)
        _refuse_if(problems)
        if relative is not None:
            person = relative
        elif new_relative is not None:
            person = _new_person(new_relative, child=child)
        relationship = Relationship(
            person=person,
            relative=child,
            kind=kind,
            has_parental_responsibility=has_parental_responsibility,
            start_date=start_date,
        )
        written = ["kind", "has_parental_responsibility", "start_date"]
        _save(relationship, child=child, fields=written)
        return relationship


def _own_relationship(relationship: Relationship, child: Person) -> Relationship:
    """The relationship, locked, if it is on the child's record."""
    locked = Relationship.objects.select_for_update().filter(pk=relationship.pk).first()
    if locked is None or child.pk not in (locked.person_id, locked.relative_id):
        raise PersonChangeRefused([Problem(NOT_ON_THIS_RECORD.format(child=child.full_name))])
    return locked


def relationship_change(
    *, relationship: Relationship, child: Person, kind: str, has_parental_responsibility: bool
) -> Relationship:
    """Correct what a current relative is to the child, or whether they hold parental
    responsibility. Only a relationship recorded as "<relative> is <kind> of <child>" (as
    `relationship_add` records it) is changed here; an ended one is history."""
    with transaction.atomic():
        relationship = _own_relationship(relationship, child)
        problems: list[Problem] = []
        changed = [
            name
            for name, value in (
                ("kind", kind),
                ("has_parental_responsibility", has_parental_responsibility),
            )
            if getattr(relationship, name) != value
        ]
        if relationship.end_date is not None:
            until = _fmt(relationship.end_date)
            problems.append(Problem(RELATIONSHIP_ENDED.format(until=until)))
        elif relationship.relative_id != child.pk:
            problems.append(Problem(RELATIONSHIP_FROM_OTHER_SIDE.format(child=child.full_name)))
        else:
            if not changed:
                problems.append(Problem(NOTHING_CHANGED))
            if "kind" in changed:
                problems += _relative_problems(
                    child=child,
                    relative=relationship.person,
                    kind=kind,
                    exclude=relationship.pk,
                )
        _refuse_if(problems)
        relationship.kind = kind
        relationship.has_parental_responsibility = has_parental_responsibility
        _save(relationship, child=child, fields=changed)
        return relationship


def relationship_end(*, relationship: Relationship, child: Person, end_date: date) -> Relationship:
    """End a relationship on a date (a step-parent who separated, a carer no longer caring):
    it stays on the record, with its dates."""
    with transaction.atomic():
        relationship = _own_relationship(relationship, child)
        problems: list[Problem] = []
        if relationship.end_date is not None:
            until = _fmt(relationship.end_date)
            problems.append(Problem(RELATIONSHIP_ENDED.format(until=until), ("end_date",)))
        problems += _not_in_future("end_date", "end date", end_date)
        problems += _not_before(
            "end_date", "end date", end_date, relationship.start_date, "the date it started"
        )
        _refuse_if(problems)
        relationship.end_date = end_date
        _save(relationship, child=child, fields=["end_date"])
        return relationship


# --- Households and addresses -------------------------------------------------------------------


def _current_residence_of(child: Person, residence: Residence) -> Residence:
    """The child's own residence, locked, if it is still current."""
    locked = Residence.objects.select_for_update().filter(pk=residence.pk).first()
    if locked is None or locked.person_id != child.pk:
        raise PersonChangeRefused([Problem(NOT_ON_THIS_RECORD.format(child=child.full_name))])
    if locked.end_date is not None:
        name = child.full_name
        raise PersonChangeRefused([Problem(ADDRESS_NOT_CURRENT.format(child=name), ("address",))])
    return locked


def household_member_add(
    *,
    child: Person,
    residence: Residence,
    start_date: date,
    relative: Person | None = None,
    new_relative: NewPerson | None = None,
    kind: str = "",
    has_parental_responsibility: bool = False,
) -> Residence:
    """Someone starts living with the child, at the child's current address (`residence`),
    on a date. Someone new to the record comes with their relationship to the child (`kind`),
    so the household never lists a stranger as "Not recorded". Not at a refuge: who else
    lives there is never recorded."""
    with transaction.atomic():
        if (relative is None) == (new_relative is None):
            raise PersonChangeRefused([Problem(NEEDS_ONE_PERSON, ("relative",))])
        child = Person.objects.select_for_update().get(pk=child.pk)
        home = _current_residence_of(child, residence)
        problems = _not_in_future("start_date", "date they moved in", start_date)
        if home.kind == codes.AddressKind.REFUGE:
            problems.append(Problem(REFUGE_HOUSEHOLD, ("address",)))
        if relative is not None:
            if relative.pk == child.pk:
                problems.append(Problem(RELATIVE_IS_THE_CHILD, ("relative",)))
            elif Residence.objects.filter(
                person=relative, address_id=home.address_id, end_date__isnull=True
            ).exists():
                name = relative.full_name
                problems.append(Problem(ALREADY_LIVES_THERE.format(name=name), ("relative",)))
        _refuse_if(problems)
        person = relative
        if person is None:
            relationship = relationship_add(
                child=child,
                kind=kind,
                has_parental_responsibility=has_parental_responsibility,
                start_date=None,
                new_relative=new_relative,
            )
            person = relationship.person
        joined = Residence(
            person=person,
            address_id=home.address_id,
            kind=codes.AddressKind.HOME,
            start_date=start_date,
        )
        _save(joined, child=child, fields=["start_date"])
        return joined


def household_member_leave(*, child: Person, residence: Residence, end_date: date) -> Residence:
    """Someone who lived with the child moves out on a date: their stay at the child's
    current address ends, and stays in the history."""
    with transaction.atomic():
        locked = Residence.objects.select_for_update().filter(pk=residence.pk).first()
        # Someone else's stay at an address where the child lives now (not a refuge: who
        # else lives there is never shown, so never changed from the child's record).
        in_household = (
            locked is not None
            and locked.person_id != child.pk
            and Residence.objects.filter(
                person=child, address_id=locked.address_id, end_date__isnull=True
            )
            .exclude(kind=codes.AddressKind.REFUGE)
            .exists()
        )
        if locked is None or not in_household:
            raise PersonChangeRefused([Problem(NOT_ON_THIS_RECORD.format(child=child.full_name))])
        problems: list[Problem] = []
        if locked.end_date is not None:
            until = _fmt(locked.end_date)
            problems.append(Problem(RESIDENCE_ENDED.format(until=until), ("end_date",)))
        problems += _not_in_future("end_date", "date they moved out", end_date)
        problems += _not_before(
            "end_date",
            "date they moved out",
            end_date,
            locked.start_date,
            "the date they moved in",
        )
        _refuse_if(problems)
        locked.end_date = end_date
        _save(locked, child=child, fields=["end_date"])
        return locked


def _typed_address(*, line_1: str, line_2: str, town: str, postcode: str) -> Address:
    return Address(
        line_1=" ".join(line_1.split()),
        line_2=" ".join(line_2.split()),
        town=" ".join(town.split()),
        postcode=normalise_postcode(postcode),
    )


def _address_problems(typed: Address) -> list[Problem]:
    problems: list[Problem] = []
    if not typed.line_1:
        problems.append(Problem(ADDRESS_LINE_REQUIRED, ("line_1",)))
    if not typed.town:
        problems.append(Problem(TOWN_REQUIRED, ("town",)))
    if not postcode_is_valid(typed.postcode):
        problems.append(Problem(POSTCODE_INVALID, ("postcode",)))
    return problems


def _address_row(typed: Address, *, child: Person) -> Address:
    """The address as typed, as a row: the one already on record with the same lines and
    postcode if there is one (people sharing an address row are a household), else a new
    one, validated and audited."""
    found = Address.objects.filter(
        postcode=typed.postcode,
        line_1__iexact=typed.line_1,
        line_2__iexact=typed.line_2,
        town__iexact=typed.town,
    ).first()
    if found is not None:
        return found
    _save(typed, child=child)
    return typed


def residence_move(
    *,
    child: Person,
    residence: Residence | None,
    move_date: date,
    line_1: str,
    line_2: str,
    town: str,
    postcode: str,
    kind: str,
    moving_with: Sequence[Residence] = (),
) -> Residence:
    """The child moves house on `move_date`: their stay at the current address
    (`residence`) ends that day and a new one starts that day at the new address. Members of
    the household who move too (`moving_with`, their stays at the same address) move with
    them; anyone else stays. Nothing is overwritten: the old address stays in the history.
    A child with no address now (`residence` None) starts living at the new one."""
    with transaction.atomic():
        child = Person.objects.select_for_update().get(pk=child.pk)
        leaving = _current_residence_of(child, residence) if residence is not None else None
        others = list(
            Residence.objects.select_for_update()
            .filter(pk__in=[r.pk for r in moving_with])
            .select_related("person")
        )
        typed = _typed_address(line_1=line_1, line_2=line_2, town=town, postcode=postcode)
        problems = _not_in_future("move_date", "date of the move", move_date)
        if leaving is not None and move_date <= leaving.start_date:
            start = _fmt(leaving.start_date)
            name = child.full_name
            problems.append(
                Problem(MOVE_NOT_AFTER_START.format(start=start, name=name), ("move_date",))
            )
        for other in others:
            if (
                leaving is None
                or other.person_id == child.pk
                or other.address_id != leaving.address_id
                or other.end_date is not None
            ):
                name = other.person.full_name
                problems.append(Problem(NOT_IN_HOUSEHOLD.format(name=name), ("moving_with",)))
        problems += _address_problems(typed)
        _refuse_if(problems)
        address = _address_row(typed, child=child)
        if leaving is not None and address.pk == leaving.address_id:
            raise PersonChangeRefused([Problem(MOVE_TO_SAME_ADDRESS, ("line_1",))])
        moved = Residence(person=child, address=address, kind=kind, start_date=move_date)
        if leaving is not None:
            leaving.end_date = move_date
            _save(leaving, child=child, fields=["end_date"])
        for stay in others:
            stay.end_date = move_date
            _save(stay, child=child, fields=["end_date"])
            joined = Residence(
                person_id=stay.person_id, address=address, kind=stay.kind, start_date=move_date
            )
            _save(joined, child=child, fields=["kind", "start_date"])
        _save(moved, child=child, fields=["kind", "start_date"])
        return moved
