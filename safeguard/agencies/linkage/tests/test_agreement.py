"""Splink (batch) and the Python scorer (online) give every pair the same weight (term
frequencies and earlier homes included), and the online blocking finds exactly the pairs
Splink's blocking does."""

import random

import pytest

from safeguard.agencies.linkage.blocking import is_blocked_pair
from safeguard.agencies.linkage.comparisons import prepare
from safeguard.agencies.linkage.corruption import CorruptionRates, corrupt_person
from safeguard.agencies.linkage.scoring import ScoringModel
from safeguard.agencies.linkage.splink_model import predict_pairs

from .fixtures import fixture_settings
from .population import synthetic_people


@pytest.fixture(scope="module")
def records():
    people = synthetic_people(400, seed=8)
    index = [
        prepare(unique_id=p.key, homes=p.earlier_homes, **p.person.__dict__) for p in people[:300]
    ]
    rng = random.Random(4)
    donors = [p.person for p in people]
    rates = CorruptionRates(earlier_home=0.5)
    incoming = [
        prepare(
            unique_id=1000 + n,
            **corrupt_person(
                p.person, rng, rates, donors=donors, earlier_homes=p.earlier_homes
            ).__dict__,
        )
        for n, p in enumerate(people[:60] + people[300:340])
    ]
    return incoming, index


def test_every_pair_splink_scores_has_the_same_weight_in_python(records):
    incoming, index = records
    pairs = predict_pairs(incoming, index, fixture_settings())
    assert len(pairs) > 100
    model = ScoringModel(fixture_settings())
    by_id = {str(r["unique_id"]): r for r in incoming + index}
    levels_seen = set()
    for left, right, weight, probability in pairs.itertuples(index=False):
        score = model.score(by_id[str(left)], by_id[str(right)])
        assert score.match_weight == pytest.approx(weight, abs=1e-9), (left, right)
        assert score.match_probability == pytest.approx(probability, abs=1e-12)
        levels_seen.update((w.comparison, w.level) for w in score.weights)
    # The pairs reach the levels most likely to disagree between the two ways of scoring.
    assert {
        ("first_name", "exact"),
        ("last_name", "exact"),
        ("home", "an earlier home: the same postcode and address"),
    } <= levels_seen


def test_the_python_blocking_rules_find_the_pairs_splink_blocks(records):
    incoming, index = records
    pairs = predict_pairs(incoming, index, fixture_settings())
    from_splink = {
        (str(left), str(right))
        for left, right in pairs[["unique_id_l", "unique_id_r"]].itertuples(index=False)
    }
    from_python = {
        (str(a["unique_id"]), str(b["unique_id"]))
        for a in incoming
        for b in index
        if is_blocked_pair(a, b)
    }
    assert from_python == from_splink
