"""`people.services`: changing who a child is, their relationships, household and addresses.

Each refusal names the field at fault with the exact message and writes nothing (not even an
audit entry); each write is audited with the fields it changed and never their values; and
history is kept: a relationship or a stay ends on a date, a move starts a new stay.

Time is frozen at noon on Friday 14 March 2025.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safeguard.audit.models import AuditEntry
from safeguard.common import codes
from safeguard.people import services
from safeguard.people.identifiers import (
    NHS_NUMBER_WRONG_CHECK_DIGIT,
    POSTCODE_INVALID,
    UPN_WRONG_CHECK_LETTER,
    nhs_number_from_seed,
    upn_from_seed,
)
from safeguard.people.models import Address, Person, Relationship, Residence
from safeguard.people.tests.factories import (
    AddressFactory,
    AdultFactory,
    ChildFactory,
    RelationshipFactory,
    ResidenceFactory,
    UnbornChildFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 14)
TOMORROW = date(2025, 3, 15)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    with time_machine.travel(datetime(2025, 3, 14, 12, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


def everything() -> dict[str, list[dict[str, object]]]:
    """Every row a people service may write, and the audit trail."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Person, Relationship, Residence, Address, AuditEntry)
    }


@contextmanager
def refused(*expected: tuple[str, tuple[str, ...]]) -> Iterator[None]:
    """The block is refused with exactly these (message, fields), and writes nothing."""
    before = everything()
    with pytest.raises(services.PersonChangeRefused) as caught:
        yield
    assert [(p.message, p.fields) for p in caught.value.violations] == list(expected)
    assert everything() == before


def details(person: Person, **changes: object) -> dict[str, object]:
    """The person's details as they are, with `changes`."""
    current = {
        name: getattr(person, name)
        for name in (
            "first_name",
            "middle_names",
            "last_name",
            "known_as",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "ethnicity",
            "upn",
            "upn_unknown_reason",
        )
    }
    current["nhs_number"] = person.nhs_number or ""
    return {**current, **changes}


def audited(object_type: str) -> list[tuple[str, object, dict[str, object]]]:
    return [
        (e.action, e.child_id, e.details)
        for e in AuditEntry.objects.filter(object_type=object_type).order_by("id")
    ]


# --- Who the child is --------------------------------------------------------------------------


def test_a_misspelt_name_is_corrected_found_by_its_new_sound_and_audited_without_it():
    child = ChildFactory(first_name="Jaden", last_name="Smyth")

    changed = services.person_details_change(
        person=child, **details(child, first_name=" Jayden ", last_name="Smith")
    )

    child.refresh_from_db()
    assert changed == ["first_name", "last_name"]
    assert (child.first_name, child.last_name) == ("Jayden", "Smith")
    assert child.first_name_key  # the search keys follow the name
    [entry] = AuditEntry.objects.all()
    assert (entry.action, entry.object_type, entry.child_id, entry.details) == (
        "update",
        "people.person",
        child.pk,
        {"fields": ["first_name", "last_name"]},
    )
    assert "Jayden" not in str(entry.details) and "Smith" not in str(entry.details)


def test_a_new_upn_keeps_the_one_it_replaces_as_the_former_upn():
    child = ChildFactory(upn=upn_from_seed(1))

    services.person_details_change(person=child, **details(child, upn=upn_from_seed(2).lower()))

    child.refresh_from_db()
    assert (child.upn, child.former_upn) == (upn_from_seed(2), upn_from_seed(1))
    assert audited("people.person")[0][2] == {"fields": ["former_upn", "upn"]}


def test_an_nhs_number_is_kept_as_digits_and_removing_it_leaves_none():
    child = ChildFactory()
    number = nhs_number_from_seed(7)

    services.person_details_change(
        person=child, **details(child, nhs_number=f"{number[:3]} {number[3:6]} {number[6:]}")
    )
    child.refresh_from_db()
    assert child.nhs_number == number

    services.person_details_change(person=child, **details(child, nhs_number=""))
    child.refresh_from_db()
    assert child.nhs_number is None


def test_the_birth_of_an_unborn_child_is_recorded_with_their_sex():
    child = UnbornChildFactory()

    services.person_details_change(
        person=child,
        **details(child, first_name="Ava", date_of_birth=date(2025, 3, 10), sex=codes.Sex.FEMALE),
    )

    child.refresh_from_db()
    assert (child.date_of_birth, child.sex, child.expected_date_of_birth) == (
        date(2025, 3, 10),
        "F",
        date(2025, 6, 20),  # kept: when the child was expected
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, (services.NOTHING_CHANGED, ())),
        ({"last_name": "  "}, (services.LAST_NAME_REQUIRED, ("last_name",))),
        (
            {"date_of_birth": TOMORROW},
            (
                "The date of birth cannot be in the future: enter today's date or an earlier one",
                ("date_of_birth",),
            ),
        ),
        (
            {"nhs_number": nhs_number_from_seed(3)[:9] + "0"},
            (NHS_NUMBER_WRONG_CHECK_DIGIT, ("nhs_number",)),
        ),
        ({"upn": "B" + upn_from_seed(4)[1:]}, (UPN_WRONG_CHECK_LETTER, ("upn",))),
        (
            {"upn": upn_from_seed(4), "upn_unknown_reason": codes.UPNUnknown.UN1},
            (services.UPN_REASON_WITH_UPN, ("upn_unknown_reason",)),
        ),
    ],
    ids=["nothing", "no last name", "born tomorrow", "nhs check digit", "upn letter", "reason"],
)
def test_a_detail_the_record_cannot_hold_is_refused_beside_its_field(changes, expected):
    child = ChildFactory()

    with refused(expected):
        services.person_details_change(person=child, **details(child, **changes))


def test_an_nhs_number_recorded_for_someone_else_is_refused_without_saying_whose():
    number = nhs_number_from_seed(11)
    ChildFactory(nhs_number=number, first_name="Other")
    child = ChildFactory()

    with refused((services.NHS_NUMBER_IN_USE, ("nhs_number",))):
        services.person_details_change(person=child, **details(child, nhs_number=number))


def test_an_unborn_child_has_no_sex_recorded_and_is_not_born_after_their_death():
    unborn = UnbornChildFactory()
    with refused((services.UNBORN_SEX, ("sex",))):
        services.person_details_change(person=unborn, **details(unborn, sex=codes.Sex.MALE))

    died = ChildFactory(date_of_death=date(2024, 1, 5))
    with refused(
        (
            "The date of birth must be on or before 5 January 2024, the date of death",
            ("date_of_birth",),
        )
    ):
        services.person_details_change(person=died, **details(died, date_of_birth=date(2024, 2, 1)))


def test_every_problem_is_reported_at_once():
    child = ChildFactory()

    with refused(
        (services.LAST_NAME_REQUIRED, ("last_name",)),
        (
            "The date of birth cannot be in the future: enter today's date or an earlier one",
            ("date_of_birth",),
        ),
    ):
        services.person_details_change(
            person=child, **details(child, last_name="", date_of_birth=TOMORROW)
        )


# --- Relationships -----------------------------------------------------------------------------


def test_a_new_relative_is_added_with_their_relationship_both_audited_under_the_child():
    child = ChildFactory()

    relationship = services.relationship_add(
        child=child,
        kind=codes.RelationshipKind.PARENT,
        has_parental_responsibility=True,
        start_date=None,
        new_relative=services.NewPerson(first_name="Sam", last_name="Example"),
    )

    assert (relationship.person.full_name, relationship.relative, relationship.kind) == (
        "Sam Example",
        child,
        "parent",
    )
    assert relationship.has_parental_responsibility is True
    assert relationship.person.is_child is False
    assert audited("people.person") == [("create", child.pk, {})]
    assert audited("people.relationship") == [
        ("create", child.pk, {"fields": ["has_parental_responsibility", "kind", "start_date"]})
    ]


def test_someone_already_on_the_record_becomes_a_relative():
    child, sibling = ChildFactory(), ChildFactory(first_name="Sibling")

    services.relationship_add(
        child=child,
        kind=codes.RelationshipKind.SIBLING,
        has_parental_responsibility=False,
        start_date=date(2020, 4, 1),
        relative=sibling,
    )

    assert Relationship.objects.get().person == sibling


def test_two_people_have_one_current_relationship_whichever_way_it_was_recorded():
    child = ChildFactory(first_name="Own", last_name="Child")
    sibling = ChildFactory(first_name="Kit", last_name="Example")
    # Recorded from the child's side: the child is the sibling of Kit.
    RelationshipFactory(person=child, relative=sibling, kind=codes.RelationshipKind.SIBLING)

    with refused(
        (
            "Kit Example is already recorded as related to Own Child. If that has changed, end "
            "that relationship first.",
            ("relative",),
        )
    ):
        services.relationship_add(
            child=child,
            kind=codes.RelationshipKind.HALF_SIBLING,
            has_parental_responsibility=False,
            start_date=None,
            relative=sibling,
        )


def test_an_ended_relationship_stays_history_and_is_not_recorded_again_as_the_same_kind():
    child = ChildFactory(first_name="Own", last_name="Child")
    carer = AdultFactory(first_name="Pat", last_name="Carer")
    RelationshipFactory(
        person=carer, relative=child, kind=codes.RelationshipKind.CARER, end_date=date(2024, 1, 1)
    )

    with refused(
        (
            "Pat Carer was recorded as carer to Own Child until 1 January 2024: that relationship "
            "stays in the history, so record the new one as a different kind",
            ("kind",),
        )
    ):
        services.relationship_add(
            child=child,
            kind=codes.RelationshipKind.CARER,
            has_parental_responsibility=False,
            start_date=None,
            relative=carer,
        )


def test_a_refused_relationship_leaves_no_new_person_behind():
    child = ChildFactory()

    with refused(
        (
            "The start date cannot be in the future: enter today's date or an earlier one",
            ("start_date",),
        )
    ):
        services.relationship_add(
            child=child,
            kind=codes.RelationshipKind.PARENT,
            has_parental_responsibility=True,
            start_date=TOMORROW,
            new_relative=services.NewPerson(first_name="Sam", last_name="Example"),
        )


def test_a_child_is_not_their_own_relative_and_someone_must_be_named():
    child = ChildFactory()
    kwargs = {"kind": "parent", "has_parental_responsibility": False, "start_date": None}

    with refused((services.RELATIVE_IS_THE_CHILD, ("relative",))):
        services.relationship_add(child=child, relative=child, **kwargs)
    with refused((services.NEEDS_ONE_PERSON, ("relative",))):
        services.relationship_add(child=child, **kwargs)


def test_parental_responsibility_is_corrected_and_audited():
    relationship = RelationshipFactory(has_parental_responsibility=False)
    child = relationship.relative

    services.relationship_change(
        relationship=relationship,
        child=child,
        kind=relationship.kind,
        has_parental_responsibility=True,
    )

    relationship.refresh_from_db()
    assert relationship.has_parental_responsibility is True
    assert audited("people.relationship") == [
        ("update", child.pk, {"fields": ["has_parental_responsibility"]})
    ]


def test_only_a_current_relationship_recorded_to_the_child_is_changed_in_place():
    ended = RelationshipFactory(end_date=date(2024, 5, 1))
    with refused(
        ("This relationship ended on 1 May 2024: it is part of the history now", ()),
    ):
        services.relationship_change(
            relationship=ended,
            child=ended.relative,
            kind="carer",
            has_parental_responsibility=True,
        )

    # Recorded from the child's side ("the child is a sibling of ..."): end it, add it anew.
    reverse = RelationshipFactory(kind="sibling", has_parental_responsibility=False)
    child = reverse.person
    with refused(
        (services.RELATIONSHIP_FROM_OTHER_SIDE.format(child=child.full_name), ()),
    ):
        services.relationship_change(
            relationship=reverse,
            child=child,
            kind="half_sibling",
            has_parental_responsibility=False,
        )


def test_a_relationship_of_another_child_is_not_changed_from_this_childs_record():
    relationship = RelationshipFactory()
    stranger = ChildFactory()

    with refused((services.NOT_ON_THIS_RECORD.format(child=stranger.full_name), ())):
        services.relationship_end(relationship=relationship, child=stranger, end_date=TODAY)


def test_a_relationship_ends_on_a_date_and_stays_on_the_record():
    relationship = RelationshipFactory(start_date=date(2019, 6, 1))

    services.relationship_end(
        relationship=relationship, child=relationship.relative, end_date=date(2025, 3, 1)
    )

    relationship.refresh_from_db()
    assert (relationship.start_date, relationship.end_date) == (date(2019, 6, 1), date(2025, 3, 1))
    assert audited("people.relationship")[0][2] == {"fields": ["end_date"]}


def test_a_relationship_does_not_end_before_it_started_nor_twice():
    relationship = RelationshipFactory(start_date=date(2019, 6, 1))
    child = relationship.relative

    with refused(
        (
            "The end date must be on or after 1 June 2019, the date it started",
            ("end_date",),
        )
    ):
        services.relationship_end(relationship=relationship, child=child, end_date=date(2019, 5, 1))

    services.relationship_end(relationship=relationship, child=child, end_date=date(2025, 3, 1))
    with refused(
        ("This relationship ended on 1 March 2025: it is part of the history now", ("end_date",))
    ):
        services.relationship_end(relationship=relationship, child=child, end_date=TODAY)


# --- Households --------------------------------------------------------------------------------


def test_a_relative_moves_in_at_the_childs_address():
    home = ResidenceFactory()
    child = home.person
    father = RelationshipFactory(relative=child).person

    joined = services.household_member_add(
        child=child, residence=home, start_date=date(2025, 3, 1), relative=father
    )

    assert (joined.person, joined.address, joined.start_date, joined.end_date) == (
        father,
        home.address,
        date(2025, 3, 1),
        None,
    )
    assert audited("people.residence") == [("create", child.pk, {"fields": ["start_date"]})]


def test_someone_new_moves_in_with_their_relationship_to_the_child():
    home = ResidenceFactory()
    child = home.person

    joined = services.household_member_add(
        child=child,
        residence=home,
        start_date=date(2025, 3, 1),
        new_relative=services.NewPerson(first_name="Alex", last_name="Example"),
        kind=codes.RelationshipKind.PARTNER_OF_PARENT,
    )

    relationship = Relationship.objects.get()
    assert (relationship.person, relationship.relative, relationship.kind) == (
        joined.person,
        child,
        "partner_of_parent",
    )


def test_no_one_is_recorded_living_with_a_child_at_a_refuge_nor_twice_at_one_address():
    refuge = ResidenceFactory(kind=codes.AddressKind.REFUGE)
    mother = AdultFactory()
    with refused((services.REFUGE_HOUSEHOLD, ("address",))):
        services.household_member_add(
            child=refuge.person, residence=refuge, start_date=TODAY, relative=mother
        )

    home = ResidenceFactory()
    ResidenceFactory(person=mother, address=home.address)
    with refused((services.ALREADY_LIVES_THERE.format(name=mother.full_name), ("relative",))):
        services.household_member_add(
            child=home.person, residence=home, start_date=TODAY, relative=mother
        )


def test_someone_cannot_move_in_at_an_address_the_child_has_left():
    left = ResidenceFactory(end_date=date(2024, 1, 1))
    child, mother = left.person, AdultFactory()

    with refused(
        (services.ADDRESS_NOT_CURRENT.format(child=child.full_name), ("address",)),
    ):
        services.household_member_add(
            child=child, residence=left, start_date=TODAY, relative=mother
        )


def test_someone_moves_out_on_a_date_and_their_stay_is_kept():
    home = ResidenceFactory()
    stay = ResidenceFactory(address=home.address, person__adult=True, start_date=date(2020, 1, 1))

    services.household_member_leave(child=home.person, residence=stay, end_date=date(2025, 3, 7))

    stay.refresh_from_db()
    assert (stay.start_date, stay.end_date) == (date(2020, 1, 1), date(2025, 3, 7))
    assert Residence.objects.count() == 2


def test_moving_out_is_checked_against_the_stay_and_the_childs_household():
    home = ResidenceFactory()
    stay = ResidenceFactory(address=home.address, person__adult=True, start_date=date(2020, 1, 1))
    child = home.person

    with refused(
        (
            "The date they moved out must be on or after 1 January 2020, the date they moved in",
            ("end_date",),
        )
    ):
        services.household_member_leave(child=child, residence=stay, end_date=date(2019, 1, 1))
    elsewhere = ResidenceFactory(person__adult=True)
    with refused((services.NOT_ON_THIS_RECORD.format(child=child.full_name), ())):
        services.household_member_leave(child=child, residence=elsewhere, end_date=TODAY)


# --- Moving house ------------------------------------------------------------------------------

NEW_ADDRESS = {"line_1": "4 New Street", "line_2": "", "town": "Testtown", "postcode": "zz99 9zz"}


def test_a_move_ends_the_current_stay_and_starts_a_new_one_on_the_day_keeping_the_old():
    home = ResidenceFactory(start_date=date(2015, 6, 1))
    child = home.person

    moved = services.residence_move(
        child=child,
        residence=home,
        move_date=date(2025, 3, 10),
        kind=codes.AddressKind.HOME,
        **NEW_ADDRESS,
    )

    home.refresh_from_db()
    assert (home.start_date, home.end_date) == (date(2015, 6, 1), date(2025, 3, 10))
    assert (moved.person, moved.start_date, moved.end_date) == (child, date(2025, 3, 10), None)
    assert (moved.address.line_1, moved.address.postcode) == ("4 New Street", "ZZ99 9ZZ")
    assert Residence.objects.filter(person=child).count() == 2
    assert [(a, t) for a, t, *_ in _entries()] == [
        ("create", "people.address"),
        ("update", "people.residence"),
        ("create", "people.residence"),
    ]
    assert all(child_id == child.pk for *_, child_id in _entries())


def _entries() -> list[tuple[str, str, object]]:
    return list(AuditEntry.objects.order_by("id").values_list("action", "object_type", "child_id"))


def test_the_household_chosen_moves_with_the_child_and_anyone_else_stays():
    home = ResidenceFactory()
    mother = ResidenceFactory(address=home.address, person__adult=True)
    lodger = ResidenceFactory(address=home.address, person__adult=True)

    moved = services.residence_move(
        child=home.person,
        residence=home,
        move_date=TODAY,
        kind=codes.AddressKind.HOME,
        moving_with=[mother],
        **NEW_ADDRESS,
    )

    assert set(
        Residence.objects.filter(address=moved.address).values_list("person_id", flat=True)
    ) == {home.person_id, mother.person_id}
    lodger.refresh_from_db()
    assert lodger.end_date is None


def test_a_move_to_an_address_on_record_joins_whoever_lives_there():
    father_home = ResidenceFactory(person__adult=True, address__line_1="9 Elm Road")
    home = ResidenceFactory()
    address = father_home.address

    moved = services.residence_move(
        child=home.person,
        residence=home,
        move_date=TODAY,
        kind=codes.AddressKind.HOME,
        line_1="9 ELM ROAD",
        line_2="",
        town=address.town,
        postcode=address.postcode.lower().replace(" ", ""),
    )

    assert moved.address == address
    assert Address.objects.count() == 2


def test_a_child_with_no_address_now_is_given_one():
    child = ChildFactory()

    moved = services.residence_move(
        child=child,
        residence=None,
        move_date=date(2025, 3, 3),
        kind=codes.AddressKind.TEMPORARY,
        **NEW_ADDRESS,
    )

    assert (moved.kind, moved.start_date) == ("temporary", date(2025, 3, 3))


def test_a_move_is_refused_beside_each_answer_at_fault_and_changes_nothing():
    home = ResidenceFactory(start_date=date(2025, 3, 10))
    child = home.person

    with refused(
        (
            "The date of the move must be after 10 March 2025, the day "
            f"{child.full_name} moved to the current address",
            ("move_date",),
        ),
        (services.ADDRESS_LINE_REQUIRED, ("line_1",)),
        (POSTCODE_INVALID, ("postcode",)),
    ):
        services.residence_move(
            child=child,
            residence=home,
            move_date=date(2025, 3, 10),
            kind=codes.AddressKind.HOME,
            line_1=" ",
            line_2="",
            town="Testtown",
            postcode="NB1",
        )


def test_a_move_to_the_same_address_or_with_someone_from_elsewhere_is_refused():
    home = ResidenceFactory(address=AddressFactory(line_1="1 Old Street", postcode="ZZ99 1AA"))
    child = home.person
    same = {"line_1": "1 old street", "line_2": "", "town": "Testtown", "postcode": "ZZ991AA"}

    with refused((services.MOVE_TO_SAME_ADDRESS, ("line_1",))):
        services.residence_move(child=child, residence=home, move_date=TODAY, kind="home", **same)
    elsewhere = ResidenceFactory(person__adult=True)
    with refused(
        (services.NOT_IN_HOUSEHOLD.format(name=elsewhere.person.full_name), ("moving_with",))
    ):
        services.residence_move(
            child=child,
            residence=home,
            move_date=TODAY,
            kind="home",
            moving_with=[elsewhere],
            **NEW_ADDRESS,
        )
