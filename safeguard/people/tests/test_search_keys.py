"""Name search keys and similarity: pure functions, checked without a database except where
the model fills its keys."""

from __future__ import annotations

import importlib

import pytest

from safeguard.people.search_keys import (
    KEY_LENGTH,
    jaro_winkler,
    key_neighbours,
    name_form_rows,
    name_similarity,
    name_variants,
    normalise_name,
    package_name_pairs,
    phonetic_key,
    search_keys_for,
    variant_keys,
)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Jayden", "Jaden", "Jaiden", "Jaydon", "Jaydn"),
        ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhamad", "Muhammed"),
        ("Katherine", "Catherine", "Kathryn", "Katharine", "Cathrine"),
        ("Smith", "Smyth", "Smtih"),
        ("Stephen", "Steven"),
        ("Chowdhury", "Choudhury", "Chaudhry", "Chaudhary"),
        ("Hussain", "Hussein", "Husain"),
        ("Aisha", "Ayesha", "Aysha"),
        ("Reece", "Rhys", "Reese"),
        ("Lewis", "Louis"),
        ("Megan", "Meghan"),
        ("Leigh", "Lee"),
        ("Christopher", "Kristopher"),
        ("McCarthy", "MacCarthy"),
        ("O'Brien", "OBrien", "o brien"),
        ("Zoë", "Zoe", "ZOE"),
    ],
)
def test_spellings_that_sound_the_same_share_a_key(spellings):
    keys = {phonetic_key(name) for name in spellings}
    assert len(keys) == 1, {name: phonetic_key(name) for name in spellings}


@pytest.mark.parametrize(
    ("one", "other"),
    [("Jayden", "Mason"), ("Smith", "Jones"), ("Katherine", "Kieran"), ("Ali", "Adam")],
)
def test_different_names_have_different_keys(one, other):
    assert phonetic_key(one) != phonetic_key(other)


def test_worked_examples_of_the_key():
    # Vowels after the first letter dropped, TH as T, D as T, doubled letters once.
    assert phonetic_key("Smith") == "SMT"
    assert phonetic_key("Jayden") == "JTN"
    assert phonetic_key("Katherine") == "KTRN"
    assert phonetic_key("Mohammed") == "MHMT"
    # A first vowel is kept as A; a vowel between two sounds keeps both.
    assert phonetic_key("Olivia") == "ALF"
    assert phonetic_key("Nina") == "NN"
    # Silent first letters.
    assert phonetic_key("Knight") == "NT"
    assert phonetic_key("Wright") == "RT"


def test_a_name_with_no_letters_has_no_key():
    assert phonetic_key("") == ""
    assert phonetic_key("123 -'") == ""


def test_a_long_name_is_cut_to_the_column_width():
    assert len(phonetic_key("Bartholomew" * 10)) == KEY_LENGTH


def test_search_keys_for_gives_the_three_model_columns():
    assert search_keys_for("Jayden", "Smith") == {
        "first_name_key": "JTN",
        "last_name_key": "SMT",
        "known_as_key": "JTN",  # no known-as name: the first name's key (see the docstring)
    }
    assert search_keys_for("Katherine", "Jones", "Kate")["known_as_key"] == "KT"


def test_the_first_name_key_is_that_of_the_first_of_several_first_names():
    mary = search_keys_for("Mary", "Smith")["first_name_key"]
    assert search_keys_for("Mary-Jane", "Smith")["first_name_key"] == mary
    assert search_keys_for("Mary Jane", "Smith")["first_name_key"] == mary


def test_known_spellings_and_short_forms_are_variants_of_each_other():
    assert "KATHERINE" in name_variants("Kate")
    assert "KATE" in name_variants("katherine")
    assert {"SEAN", "SHAUN", "SHAWN"} <= name_variants("Shaun")
    assert name_variants("Quartermaine") == frozenset({"QUARTERMAINE"})
    assert name_variants("") == frozenset()
    assert phonetic_key("Sean") in variant_keys("Shaun")


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("Charlotte", "Lottie"),
        ("Jacob", "Jake"),
        ("Oliver", "Olly"),
        ("Oliver", "Ollie"),
        ("Alfred", "Alfie"),
        ("Eleanor", "Ellie"),
        ("Frederick", "Freddie"),
        ("Archibald", "Archie"),
        ("Henry", "Harry"),
        ("Eve", "Evie"),
        ("Margaret", "Maisie"),
        ("Jane", "Sian"),
        ("Muhammad", "Mohammed"),
    ],
)
def test_british_short_forms_and_spellings_are_known_both_ways_round(full, short):
    assert normalise_name(short) in name_variants(full)
    assert normalise_name(full) in name_variants(short)


def test_a_short_form_of_several_names_is_a_form_of_each_but_they_are_not_of_one_another():
    assert {"ALBERT", "ALFRED", "ALAN"} <= name_variants("Al")
    assert "ALFRED" not in name_variants("Albert")
    # Both short for Margaret, and the names a family may give two sisters or twins.
    assert "MAISIE" not in name_variants("Daisy")


@pytest.mark.parametrize(("one", "other"), [("Amelia", "Emily"), ("Louis", "Louise")])
def test_names_the_package_joins_but_britain_keeps_apart_are_not_forms(one, other):
    assert normalise_name(other) not in name_variants(one)
    assert normalise_name(one) not in name_variants(other)


def test_every_row_of_the_names_file_is_needed_and_gives_its_reason():
    package = package_name_pairs()
    for row in name_form_rows():
        pair = (normalise_name(row["name"]), normalise_name(row["other"]))
        in_package = pair in package or pair[::-1] in package
        assert row["kind"] in ("short_form", "spelling", "not_the_same"), row
        # An addition the package already has, or a removal of a pair it lacks, is stale.
        assert in_package == (row["kind"] == "not_the_same"), row
        assert len(row["reason"].split()) >= 4, row


def test_key_neighbours_are_one_edit_away():
    near = key_neighbours("SMT")
    assert "SM" in near  # a sound missing (Smih)
    assert "SMTS" in near  # a sound added
    assert "STM" in near  # two swapped
    assert "XMT" in near  # one changed
    assert "SMT" not in near
    assert "S" not in near  # too short to be useful
    assert all(len(k) >= 2 for k in near)


def test_jaro_winkler_matches_the_published_examples():
    # Winkler (1990), as quoted in most descriptions of the measure.
    assert jaro_winkler("MARTHA", "MARHTA") == pytest.approx(0.961, abs=0.001)
    assert jaro_winkler("DWAYNE", "DUANE") == pytest.approx(0.840, abs=0.001)
    assert jaro_winkler("DIXON", "DICKSONX") == pytest.approx(0.813, abs=0.001)
    assert jaro_winkler("SMITH", "SMITH") == 1.0
    assert jaro_winkler("SMITH", "") == 0.0
    assert jaro_winkler("ABC", "XYZ") == 0.0


def test_names_that_sound_or_are_spelt_alike_score_high_and_others_low():
    assert name_similarity("Jayden", "jayden") == 1.0
    assert name_similarity("Kate", "Katherine") >= 0.95
    assert name_similarity("Cathrine", "Katherine") >= 0.9
    assert name_similarity("Smih", "Smith") >= 0.9
    assert name_similarity("Oliver", "Smith") < 0.6


@pytest.mark.django_db
def test_saving_a_person_fills_their_search_keys():
    from safeguard.people.models import Person

    person = Person.objects.create(first_name="Jayden", last_name="Smith", known_as="JJ")
    person.refresh_from_db()
    assert (person.first_name_key, person.last_name_key, person.known_as_key) == ("JTN", "SMT", "J")

    person.last_name = "Khan"
    person.save(update_fields=["last_name"])
    person.refresh_from_db()
    assert person.last_name_key == "KN"


@pytest.mark.django_db
def test_the_data_migration_fills_keys_for_people_saved_without_them():
    from django.apps import apps

    from safeguard.people.models import Person

    Person.objects.bulk_create([Person(first_name="Katherine", last_name="Smyth")])
    assert Person.objects.get().last_name_key == ""

    migration = importlib.import_module("safeguard.people.migrations.0003_person_fill_search_keys")
    migration.fill_search_keys(apps, None)

    person = Person.objects.get()
    assert (person.first_name_key, person.last_name_key) == ("KTRN", "SMT")
