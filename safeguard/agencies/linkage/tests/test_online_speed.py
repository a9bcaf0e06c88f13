"""The short cuts the online match takes for speed give exactly what the plain way gives: the
edit distance, each comparison worked out once per distinct candidate value, and the
candidates read in one SQL statement."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeguard.agencies.linkage.blocking import candidate_lookups, is_blocked_pair
from safeguard.agencies.linkage.comparisons import (
    _edit_distance,
    levenshtein,
    prepare,
    within_edits,
)
from safeguard.agencies.linkage.corruption import CorruptionRates, corrupt_person
from safeguard.agencies.linkage.index import index_records, index_records_looked_up
from safeguard.agencies.linkage.scoring import ScoringModel

from .fixtures import fixture_settings
from .population import load_population, synthetic_people

# Dates and identifiers (digits and hyphens) and names (a few letters, so strings come near
# each other often).
DATEISH = st.text(alphabet="0123456789-", max_size=12)
NAMEISH = st.text(alphabet="ABEJKNOS ", max_size=14)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.tuples(DATEISH, DATEISH), st.tuples(NAMEISH, NAMEISH)))
def test_the_bit_parallel_distance_is_the_full_tables(pair):
    a, b = pair
    assert _edit_distance(a, b) == levenshtein(a, b)


@settings(max_examples=400, deadline=None)
@given(st.tuples(DATEISH, DATEISH), st.integers(0, 3))
def test_within_edits_agrees_with_the_full_distance_on_dates_and_numbers(pair, limit):
    a, b = pair
    assert within_edits(a, b, limit) == (levenshtein(a, b) <= limit)


def test_a_date_one_digit_or_two_apart_is_within_that_many_edits():
    assert within_edits("2015-03-07", "2015-03-08", 1)
    assert not within_edits("2015-03-07", "2015-08-03", 1)
    assert within_edits("2015-03-07", "2015-08-03", 2)
    assert not within_edits("2015-03-07", "2012-11-23", 2)


def _pairs(seed: int) -> tuple[list[dict], list[dict]]:
    people = synthetic_people(400, seed=seed)
    index = [
        prepare(unique_id=p.key, homes=p.earlier_homes, **p.person.__dict__) for p in people[:300]
    ]
    rng = random.Random(seed)
    donors = [p.person for p in people]
    incoming = [
        prepare(
            unique_id=1000 + n,
            **corrupt_person(
                p.person,
                rng,
                CorruptionRates(earlier_home=0.5),
                donors=donors,
                earlier_homes=p.earlier_homes,
            ).__dict__,
        )
        for n, p in enumerate(people[:60] + people[300:340])
    ]
    return incoming, index


def test_scoring_many_candidates_against_one_record_gives_each_pair_its_own_score():
    incoming, index = _pairs(seed=8)
    model = ScoringModel(fixture_settings())
    compared = 0
    for record in incoming:
        score_against = model.scorer_against(record)
        for candidate in index:
            # Every pair, blocked or not: the memo must not carry a level over to a
            # candidate that differs in any column the comparison reads.
            assert score_against(candidate) == model.score(record, candidate)
            compared += 1
    assert compared == 100 * 300


@pytest.mark.django_db
def test_the_candidates_read_in_one_statement_are_the_index_records_the_rules_pair():
    people = synthetic_people(300, seed=5)
    ids = load_population(people)
    whole_index = index_records()
    rng = random.Random(3)
    donors = [p.person for p in people]
    found_themselves = 0
    for n, person in enumerate(rng.sample(people, 40)):
        incoming = prepare(
            unique_id=f"in{n}",
            **corrupt_person(
                person.person,
                rng,
                CorruptionRates(earlier_home=0.5, moved=0.3),
                donors=donors,
                earlier_homes=person.earlier_homes,
            ).__dict__,
        )
        read = index_records_looked_up(candidate_lookups(incoming))
        # The very records `index_records` prepares (names, homes, earlier homes) ...
        assert read == index_records([int(r["unique_id"]) for r in read])
        # ... and among them every person a blocking rule pairs with the record.
        paired = [r["unique_id"] for r in whole_index if is_blocked_pair(incoming, r)]
        assert paired == [r["unique_id"] for r in read if is_blocked_pair(incoming, r)]
        found_themselves += ids[person.key] in paired
    assert found_themselves >= 35  # not vacuous: most records' own person is among them
