"""The corruption that makes training copies and the benchmark's extract."""

import random
from datetime import date

from safeguard.agencies.linkage.comparisons import prepare
from safeguard.agencies.linkage.corruption import (
    CorruptionRates,
    corrupt_person,
    earlier_homes,
    typo,
)
from safeguard.agencies.linkage.types import IncomingPerson
from safeguard.people.search_keys import name_variants

PERSON = IncomingPerson(
    first_name="Katherine",
    last_name="Smith",
    date_of_birth=date(2015, 3, 7),
    sex="F",
    postcode="NB1 2AB",
    address_line="12 Mill Road",
    nhs_number="9434765919",
    upn="",
)
DONOR = IncomingPerson(last_name="Okafor", postcode="NB9 9ZZ", address_line="3 Elm Close")
NONE = CorruptionRates(**{name: 0.0 for name in CorruptionRates.__dataclass_fields__})


def _only(**rates: float) -> CorruptionRates:
    return CorruptionRates(**{**NONE.__dict__, **rates})


def test_with_no_errors_the_copy_is_the_same():
    assert corrupt_person(PERSON, random.Random(1), NONE, donors=[DONOR]) == PERSON


def test_a_typo_is_one_edit():
    from safeguard.agencies.linkage.comparisons import levenshtein

    rng = random.Random(3)
    for _ in range(200):
        changed = typo("KATHERINE", rng)
        assert levenshtein(changed, "KATHERINE") <= 2  # a swap of neighbours is two edits


def test_a_nickname_is_a_known_form_of_the_name():
    for seed in range(20):
        copy = corrupt_person(PERSON, random.Random(seed), _only(nickname=1.0))
        assert copy.first_name.upper() in name_variants("Katherine") - {"KATHERINE"}


def test_day_and_month_are_swapped():
    copy = corrupt_person(PERSON, random.Random(1), _only(day_month_swapped=1.0))
    assert copy.date_of_birth == date(2015, 7, 3)


def test_missing_nhs_number_and_changed_surname_and_move():
    copy = corrupt_person(
        PERSON,
        random.Random(1),
        _only(nhs_number_missing=1.0, surname_changed=1.0, moved=1.0),
        donors=[DONOR],
    )
    assert (copy.nhs_number, copy.last_name, copy.postcode) == ("", "Okafor", "NB9 9ZZ")


def test_a_partner_may_still_hold_an_earlier_home_of_the_person():
    earlier = [("NB4 6LT", "21 Canal Street")]
    copy = corrupt_person(
        PERSON, random.Random(1), _only(earlier_home=1.0), donors=[DONOR], earlier_homes=earlier
    )
    assert (copy.postcode, copy.address_line) == earlier[0]


def test_the_earlier_homes_of_a_prepared_record_leave_out_the_current_one():
    record = prepare(
        unique_id=1,
        postcode="NB1 2AB",
        address_line="12 Mill Road",
        homes=[("nb4 6lt", "21 Canal Street"), ("NB1 2AB", "12 Mill Road")],
    )
    assert earlier_homes(record) == [("NB4 6LT", "21 CANAL ST")]


def test_the_same_seed_gives_the_same_copy():
    one = corrupt_person(PERSON, random.Random(7), donors=[DONOR])
    two = corrupt_person(PERSON, random.Random(7), donors=[DONOR])
    assert one == two
