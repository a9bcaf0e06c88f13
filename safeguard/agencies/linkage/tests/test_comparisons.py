"""The comparison levels and string measures, in Python and as Splink's SQL sees them."""

from datetime import date

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.agencies.linkage.comparisons import (
    COMPARISONS,
    comparison_levels,
    jaro_winkler,
    levenshtein,
    normalise_address,
    prepare,
    swapped_day_and_month,
    within_edits,
)

NAMEISH = st.text(alphabet="ABCDEHJKNOST ", max_size=12)


_DUCKDB = duckdb.connect()


def _duckdb(sql: str, frame: pd.DataFrame) -> list[tuple]:
    _DUCKDB.register("pairs", frame)
    try:
        return _DUCKDB.execute(sql).fetchall()
    finally:
        _DUCKDB.unregister("pairs")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(NAMEISH, NAMEISH), min_size=1, max_size=40))
def test_jaro_winkler_and_levenshtein_equal_duckdbs_for_any_strings(pairs):
    frame = pd.DataFrame(pairs, columns=["a", "b"])
    rows = _duckdb(
        "select a, b, jaro_winkler_similarity(a, b), levenshtein(a, b) from pairs", frame
    )
    for a, b, jw, edits in rows:
        if a or b:  # two empty strings: DuckDB gives 0, and the null level comes first anyway
            assert jaro_winkler(a, b) == pytest.approx(jw, abs=1e-12), (a, b)
        assert levenshtein(a, b) == edits, (a, b)


@given(NAMEISH, NAMEISH, st.integers(0, 3))
def test_within_edits_agrees_with_the_full_distance(a, b, limit):
    assert within_edits(a, b, limit) == (levenshtein(a, b) <= limit)


def test_jaro_winkler_adds_the_prefix_bonus_only_above_0_7():
    assert jaro_winkler("MARTHA", "MARHTA") == pytest.approx(0.9611, abs=1e-4)
    assert jaro_winkler("AB", "AC") == pytest.approx(2 / 3)  # Jaro 0.667: no bonus


def _levels(left: dict, right: dict) -> dict[str, str]:
    positions = comparison_levels(prepare(unique_id=1, **left), prepare(unique_id=2, **right))
    return {c.name: c.levels[p].label for c, p in zip(COMPARISONS, positions, strict=True)}


JAYDEN = {
    "first_name": "Jayden",
    "last_name": "Smith",
    "date_of_birth": date(2015, 3, 7),
    "sex": "M",
    "postcode": "NB1 2AB",
    "address_line": "12 Mill Road",
    "nhs_number": "9434765919",
    "upn": "",
}


def test_the_same_details_agree_exactly_and_a_missing_one_counts_for_nothing():
    levels = _levels(JAYDEN, JAYDEN)
    assert levels["first_name"] == levels["last_name"] == "exact"
    assert levels["upn"] == "missing on either side"


KNOWN_FORM = "a known form of the name (nickname or spelling)"


@pytest.mark.parametrize(
    ("sent", "recorded"),
    [("Kate", "Katherine"), ("Lottie", "Charlotte"), ("Jake", "Jacob"), ("Olly", "Oliver")],
)
def test_a_nickname_is_a_known_form_of_the_name_either_way_round(sent, recorded):
    assert (
        _levels({**JAYDEN, "first_name": sent}, {**JAYDEN, "first_name": recorded})["first_name"]
        == KNOWN_FORM
    )
    assert (
        _levels({**JAYDEN, "first_name": recorded}, {**JAYDEN, "first_name": sent})["first_name"]
        == KNOWN_FORM
    )


def test_two_full_names_sharing_a_short_form_are_not_forms_of_one_another():
    assert (
        _levels({**JAYDEN, "first_name": "Albert"}, {**JAYDEN, "first_name": "Alfred"})[
            "first_name"
        ]
        != KNOWN_FORM
    )


@pytest.mark.parametrize(("sent", "recorded"), [("Ami", "Amy"), ("Zoa", "Zoe"), ("Isle", "Isla")])
def test_one_letter_wrong_in_a_short_name_is_close(sent, recorded):
    assert (
        _levels({**JAYDEN, "first_name": sent}, {**JAYDEN, "first_name": recorded})["first_name"]
        == "one letter different, the first the same"
    )


def test_short_names_differing_in_their_first_letter_disagree():
    # Mia and Pia: rhyming names are how twins are named, not a typo to forgive.
    assert (
        _levels({**JAYDEN, "first_name": "Mia"}, {**JAYDEN, "first_name": "Pia"})["first_name"]
        == "all other"
    )


def test_a_typo_in_a_name_is_close_in_spelling():
    assert _levels({**JAYDEN, "first_name": "Jaydne"}, JAYDEN)["first_name"] == (
        "Jaro-Winkler >= 0.92"
    )


def test_swapped_first_name_and_surname_are_weighed_once_on_the_first_name():
    swapped = {**JAYDEN, "first_name": "Smith", "last_name": "Jayden"}
    positions = comparison_levels(prepare(unique_id=1, **swapped), prepare(unique_id=2, **JAYDEN))
    first, last = (c.levels[p] for c, p in zip(COMPARISONS[:2], positions, strict=False))
    assert first.label == "first name and surname swapped" and not first.is_null
    assert last.label.startswith("first name and surname swapped") and last.is_null


def test_a_name_in_the_other_field_counts_only_in_its_own_comparison():
    # Surname first and the surname changed: the first name is found, the surname is not.
    levels = _levels({**JAYDEN, "first_name": "Okafor", "last_name": "Jayden"}, JAYDEN)
    assert levels["first_name"] == "the first name given as the surname"
    assert levels["last_name"] == "all other"
    levels = _levels({**JAYDEN, "first_name": "Smith", "last_name": "Okafor"}, JAYDEN)
    assert (levels["first_name"], levels["last_name"]) == (
        "all other",
        "the surname given as the first name",
    )


def test_a_double_barrelled_surname_shares_a_part():
    assert _levels({**JAYDEN, "last_name": "Smith-Okafor"}, JAYDEN)["last_name"] == (
        "shares a part of a double-barrelled name"
    )


def test_a_changed_surname_disagrees():
    assert _levels({**JAYDEN, "last_name": "Kowalski"}, JAYDEN)["last_name"] == "all other"


def test_day_and_month_swapped_is_its_own_level():
    assert _levels({**JAYDEN, "date_of_birth": date(2015, 7, 3)}, JAYDEN)["date_of_birth"] == (
        "day and month swapped"
    )


def test_one_mistyped_digit_of_a_date_is_one_edit():
    assert _levels({**JAYDEN, "date_of_birth": date(2015, 3, 8)}, JAYDEN)["date_of_birth"] == (
        "at most 1 edit"
    )


@pytest.mark.parametrize(
    ("postcode", "address", "level"),
    [
        ("nb12ab", "12 Mill Rd", "the same postcode and address"),
        ("NB1 2AB", "12 Mill Raod", "the same postcode, a close address"),
        ("NB1 2AB", "4 Elm Close", "the same postcode"),
        ("", "12 Mill Road", "the same address, the postcode mistyped or missing"),
        ("NB1 2AD", "12 Mill Road", "the same address, the postcode mistyped or missing"),
        ("NB1 2AD", "4 Elm Close", "the postcode mistyped"),
        ("NB1 2ZZ", "", "the same postcode sector"),
        ("NB1 7ZZ", "", "the same postcode district"),
        ("NB9 7ZZ", "4 Elm Close", "all other"),
        ("", "", "missing on either side"),
    ],
)
def test_postcode_and_address_are_compared_together_as_the_home(postcode, address, level):
    incoming = {**JAYDEN, "postcode": postcode, "address_line": address}
    assert _levels(incoming, JAYDEN)["home"] == level


MOVED = {**JAYDEN, "postcode": "NB7 4XY", "address_line": "3 Elm Close"}


@pytest.mark.parametrize(
    ("postcode", "address", "level"),
    [
        ("NB1 2AB", "12 Mill Road", "an earlier home: the same postcode and address"),
        ("NB1 2AB", "40 Mill Road", "an earlier home's postcode"),
        ("NB7 4XY", "3 Elm Close", "the same postcode and address"),
        ("NB9 9ZZ", "1 High Street", "all other"),
    ],
)
def test_an_earlier_home_of_the_person_is_recognised(postcode, address, level):
    recorded = prepare(unique_id=2, homes=[("NB1 2AB", "12 Mill Road")], **MOVED)
    sent = prepare(unique_id=1, **{**JAYDEN, "postcode": postcode, "address_line": address})
    positions = comparison_levels(sent, recorded)
    home = next(n for n, c in enumerate(COMPARISONS) if c.name == "home")
    assert COMPARISONS[home].levels[positions[home]].label == level
    # The comparison reads the same whichever side holds the history.
    assert comparison_levels(recorded, sent)[home] == positions[home]


def test_sex_unknown_counts_as_missing():
    assert _levels({**JAYDEN, "sex": "U"}, JAYDEN)["sex"] == "missing on either side"


def test_address_words_are_abbreviated_alike():
    assert normalise_address("12, Mill Road") == normalise_address("12 mill rd") == "12 MILL RD"


@pytest.mark.parametrize(
    ("iso", "swapped"),
    [("2015-03-07", "2015-07-03"), ("2015-03-13", None), ("2015-04-04", None)],
)
def test_day_and_month_swap_only_when_it_gives_another_real_date(iso, swapped):
    assert swapped_day_and_month(iso) == swapped


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "first_name": NAMEISH,
            "last_name": NAMEISH,
            "date_of_birth": st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2026, 1, 1))),
            "sex": st.sampled_from(["", "M", "F", "U"]),
            "postcode": st.sampled_from(["", "NB1 2AB", "NB1 2AD", "NB12 9XY", "ZZ99 3VZ"]),
            "address_line": st.sampled_from(["", "12 Mill Road", "12 Mill Rd", "4 Elm Close"]),
        }
    ),
    st.data(),
)
def test_every_pair_falls_in_exactly_one_level_of_each_comparison(left, data):
    right = data.draw(st.just(left) | st.builds(dict, st.just(left), first_name=NAMEISH))
    positions = comparison_levels(prepare(unique_id=1, **left), prepare(unique_id=2, **right))
    assert len(positions) == len(COMPARISONS)
    for comparison, position in zip(COMPARISONS, positions, strict=True):
        assert 0 <= position < len(comparison.levels)
