"""The name comparisons' levels for a short form typed with a letter twice or written surname
first, in Python and as Splink's SQL (DuckDB) reads them, pair for pair."""

import duckdb
import pandas as pd
import pytest

from safeguard.agencies.linkage.comparisons import COMPARISONS, comparison_levels, prepare

SWAPPED_KNOWN_FORM = "first name and surname swapped, the first name a known form"
LETTER_TWICE = "a known form of the name with a letter typed twice"


def _levels(left: tuple[str, str], right: tuple[str, str]) -> tuple[str, str]:
    positions = comparison_levels(
        prepare(unique_id=1, first_name=left[0], last_name=left[1]),
        prepare(unique_id=2, first_name=right[0], last_name=right[1]),
    )
    first, last = (c.levels[p].label for c, p in zip(COMPARISONS[:2], positions, strict=False))
    return first, last


@pytest.mark.parametrize(
    ("sent", "recorded"),
    [
        (("Shah", "Hattie"), ("Harriet", "Shah")),
        (("Morgan", "Olly"), ("Oliver", "Morgan")),
        (("Brown", "Ollie"), ("Oliver", "Brown")),
        (("Robiinson", "Evelyn"), ("Evie", "Robinson")),  # and the surname mistyped
    ],
)
def test_a_short_form_written_surname_first_is_weighed_once_on_the_first_name(sent, recorded):
    for left, right in ((sent, recorded), (recorded, sent)):
        first, last = _levels(left, right)
        assert first == SWAPPED_KNOWN_FORM
        assert last == SWAPPED_KNOWN_FORM + " (weighed in the first-name comparison)"
        level = next(lv for lv in COMPARISONS[1].levels if lv.label == last)
        assert level.is_null


def test_a_swap_to_a_name_that_is_no_form_of_the_first_name_stays_in_the_other_field():
    # Two different names (Ava and Eva are how families name twins), written surname first.
    assert _levels(("Shah", "Eva"), ("Ava", "Shah")) == (
        "all other",
        "the surname given as the first name",
    )


def test_a_short_form_swapped_with_another_surname_is_not_a_swap():
    first, _ = _levels(("Patel", "Hattie"), ("Harriet", "Shah"))
    assert first != SWAPPED_KNOWN_FORM


@pytest.mark.parametrize(
    ("sent", "recorded"), [("Livv", "Olivia"), ("Ollly", "Oliver"), ("Williamm", "Liam")]
)
def test_a_short_form_with_a_letter_typed_twice_is_a_form_of_the_name(sent, recorded):
    assert _levels((sent, "Wilson"), (recorded, "Wilson"))[0] == LETTER_TWICE
    assert _levels((recorded, "Wilson"), (sent, "Wilson"))[0] == LETTER_TWICE


@pytest.mark.parametrize(
    ("sent", "recorded"),
    [
        ("Willow", "William"),  # Will, a form of William, with two letters added
        ("Liz", "Olivia"),  # Liv with a letter changed
        ("Sami", "Samuel"),  # Sam with a letter added
        ("Jesse", "Jessica"),  # Jessie with a letter dropped
    ],
)
def test_a_name_near_a_short_form_of_another_name_is_not_that_names_form(sent, recorded):
    assert _levels((sent, "Wilson"), (recorded, "Wilson"))[0] != LETTER_TWICE


def test_a_known_name_is_never_read_as_a_form_typed_with_a_letter_twice():
    # Bella is Bela (listed as a form of William) with its L typed twice, but Bella is a name
    # of its own (Isabella's), which a sister of William may bear.
    assert _levels(("Bella", "Wilson"), ("William", "Wilson"))[0] == "all other"


NAMES = [
    ("Livv", "Wilson"),
    ("Olivia", "Wilson"),
    ("Ollly", "Wilson"),
    ("Oliver", "Wilson"),
    ("Williamm", "Wilson"),
    ("Liam", "Wilson"),
    ("Willow", "Wilson"),
    ("Bella", "Wilson"),
    ("William", "Wilson"),
    ("Harriet", "Shah"),
    ("Shah", "Hattie"),
    ("Shah", "Harriet"),
    ("Hattie", "Shah"),
    ("Oliver", "Morgan"),
    ("Morgan", "Olly"),
    ("Morgan", "Ollie"),
    ("Olivia", "Morgan"),
    ("Brown", "Ollie"),
    ("Robiinson", "Evelyn"),
    ("Evie", "Robinson"),
    ("Ollie", "Brown"),
    ("Ava", "Shah"),
    ("Shah", "Eva"),
    ("Jake", "Jacob"),
    ("Jacob", "Jake"),
    ("", "Shah"),
    ("Hattie", ""),
]


def test_every_name_level_holds_in_python_exactly_when_its_sql_does():
    records = [prepare(unique_id=n, first_name=f, last_name=s) for n, (f, s) in enumerate(NAMES)]
    columns = ("first_name", "first_name_forms", "last_name")
    rows = [
        {
            **{f"{c}_l": left[c] for c in columns},
            **{f"{c}_r": right[c] for c in columns},
            "left": left["unique_id"],
            "right": right["unique_id"],
        }
        for left in records
        for right in records
    ]
    frame = pd.DataFrame(rows).astype({"first_name_forms_l": object, "first_name_forms_r": object})
    connection = duckdb.connect()
    connection.register("pairs", frame)
    by_id = {r["unique_id"]: r for r in records}
    checked = 0
    for comparison in COMPARISONS[:2]:
        for level in comparison.levels:
            if level.label != LETTER_TWICE and not level.label.startswith(SWAPPED_KNOWN_FORM):
                continue
            query = f'SELECT "left", "right", COALESCE(({level.sql}), false) FROM pairs'  # noqa: S608
            found = connection.execute(query).fetchall()
            for left, right, holds in found:
                assert level.holds(by_id[left], by_id[right]) == holds, (level.label, left, right)
                checked += holds
    assert checked >= 12
