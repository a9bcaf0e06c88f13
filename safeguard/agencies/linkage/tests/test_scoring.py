"""Fellegi-Sunter scoring from the saved settings, and the decision rule."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguard.agencies.linkage.comparisons import prepare
from safeguard.agencies.linkage.scoring import ScoringModel, probability_from_weight
from safeguard.agencies.linkage.services import Scored, decide

from .fixtures import fixture_settings


def test_a_pair_with_nothing_in_common_to_compare_scores_the_prior():
    model = ScoringModel(fixture_settings())
    score = model.score(prepare(unique_id=1, last_name="A"), prepare(unique_id=2, first_name="B"))
    prior = fixture_settings()["probability_two_random_records_match"]
    assert score.match_probability == pytest.approx(prior, rel=1e-9)
    assert all(w.match_weight == 0 for w in score.weights)


def test_the_weight_is_the_prior_plus_log2_m_over_u_of_each_level():
    settings = fixture_settings()
    model = ScoringModel(settings)
    record = prepare(unique_id=1, first_name="Ava", last_name="Khan")
    score = model.score(record, dict(record, unique_id=2))
    prior = settings["probability_two_random_records_match"]
    expected = math.log2(prior / (1 - prior))
    for comparison in settings["comparisons"][:2]:  # first name and surname: exact
        exact = comparison["comparison_levels"][1]
        expected += math.log2(exact["m_probability"] / exact["u_probability"])
    assert score.match_weight == pytest.approx(expected)


def test_settings_for_other_comparisons_are_refused():
    settings = fixture_settings()
    settings["comparisons"][0]["comparison_levels"][1]["sql_condition"] = "1=1"
    with pytest.raises(ValueError, match="retrain"):
        ScoringModel(settings)


def _decide(*probabilities, rejected=frozenset()):
    scored = [Scored(n + 1, p, 0.0) for n, p in enumerate(probabilities)]
    return decide(scored, link_threshold=0.9, review_threshold=0.1, rejected=rejected)


def test_above_the_link_threshold_links_to_the_best():
    outcome = _decide(0.2, 0.95)
    assert (outcome.decision, outcome.best.person_id) == ("linked", 2)


def test_in_the_grey_zone_a_person_reviews():
    assert _decide(0.5).decision == "review"


def test_below_the_review_threshold_or_without_candidates_is_a_new_person():
    assert _decide(0.05).decision == "new"
    assert _decide().decision == "new"


def test_two_candidates_above_the_link_threshold_go_to_review():
    outcome = _decide(0.99, 0.97)
    assert (outcome.decision, outcome.best.person_id) == ("review", 1)


def test_a_rejected_candidate_is_never_chosen():
    outcome = _decide(0.99, 0.3, rejected=frozenset({1}))
    assert (outcome.decision, outcome.best.person_id) == ("review", 2)


@given(st.lists(st.floats(0, 1), max_size=6))
def test_the_decision_follows_the_best_probability(probabilities):
    outcome = _decide(*probabilities)
    ranked = sorted(probabilities, reverse=True)
    best = ranked[0] if ranked else 0.0
    runner_up = ranked[1] if len(ranked) > 1 else 0.0
    if best < 0.1:
        assert outcome.decision == "new"
    elif best < 0.9 or runner_up >= 0.9:
        assert outcome.decision == "review"
    else:
        assert outcome.decision == "linked"
    if outcome.best is not None:
        assert outcome.best.match_probability == best


def test_probability_and_weight_are_inverse():
    assert probability_from_weight(0) == 0.5
    assert probability_from_weight(10) == pytest.approx(1024 / 1025)
