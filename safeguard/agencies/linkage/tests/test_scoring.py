"""Fellegi-Sunter scoring from the saved settings, and the decision rule."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeguard.agencies.linkage.comparisons import prepare
from safeguard.agencies.linkage.scoring import (
    TERM_FREQUENCIES,
    ScoringModel,
    probability_from_weight,
)
from safeguard.agencies.linkage.services import Scored, decide

from .fixtures import fixture_settings


def test_a_pair_with_nothing_in_common_to_compare_scores_the_prior():
    model = ScoringModel(fixture_settings())
    score = model.score(prepare(unique_id=1, last_name="A"), prepare(unique_id=2, first_name="B"))
    prior = fixture_settings()["probability_two_random_records_match"]
    assert score.match_probability == pytest.approx(prior, rel=1e-9)
    assert all(w.match_weight == 0 for w in score.weights)


def test_the_weight_is_the_prior_plus_log2_m_over_u_of_each_level_adjusted_for_the_name():
    settings = fixture_settings()
    model = ScoringModel(settings)
    record = prepare(unique_id=1, first_name="Ava", last_name="Khan")
    score = model.score(record, dict(record, unique_id=2))
    prior = settings["probability_two_random_records_match"]
    expected = math.log2(prior / (1 - prior))
    for comparison, name in zip(settings["comparisons"][:2], ("AVA", "KHAN"), strict=True):
        exact = comparison["comparison_levels"][1]  # first name and surname: exact
        share = settings[TERM_FREQUENCIES][exact["tf_adjustment_column"]][name]
        # log2(m/u) for the level, then log2(u/f) for this name rather than an average one
        expected += math.log2(exact["m_probability"] / exact["u_probability"])
        expected += math.log2(exact["u_probability"] / max(share, exact["tf_minimum_u_value"]))
    assert score.match_weight == pytest.approx(expected)


def _exact_name_weight(model, first_name):
    record = prepare(unique_id=1, first_name=first_name, last_name="Khan")
    return model.score(record, dict(record, unique_id=2)).weights[0].match_weight


def test_agreeing_on_a_rare_first_name_weighs_more_than_on_a_common_one():
    settings = fixture_settings()
    model = ScoringModel(settings)
    shares = settings[TERM_FREQUENCIES]["first_name"]
    common = max(shares, key=shares.__getitem__)
    rare = min(shares, key=shares.__getitem__)
    assert _exact_name_weight(model, rare) > _exact_name_weight(model, common) + 2
    # A name the index did not hold when the model was trained gets the level's own weight.
    exact = settings["comparisons"][0]["comparison_levels"][1]
    unseen = math.log2(exact["m_probability"] / exact["u_probability"])
    assert _exact_name_weight(model, "Quenburga") == pytest.approx(unseen)


def test_a_name_rarer_than_the_floor_weighs_as_much_as_one_at_the_floor():
    settings = fixture_settings()
    exact = settings["comparisons"][0]["comparison_levels"][1]
    settings[TERM_FREQUENCIES]["first_name"].update({"QUENBURGA": 1e-7, "ERMENGARDE": 1e-6})
    model = ScoringModel(settings)
    assert exact["tf_minimum_u_value"] > 1e-6
    assert _exact_name_weight(model, "Quenburga") == _exact_name_weight(model, "Ermengarde")


def test_settings_for_other_comparisons_are_refused():
    settings = fixture_settings()
    settings["comparisons"][0]["comparison_levels"][1]["sql_condition"] = "1=1"
    with pytest.raises(ValueError, match="retrain"):
        ScoringModel(settings)


def test_a_model_without_the_term_frequency_adjustment_is_refused():
    settings = fixture_settings()
    del settings["comparisons"][1]["comparison_levels"][1]["tf_adjustment_column"]
    with pytest.raises(ValueError, match=r"last_name levels differ.*retrain"):
        ScoringModel(settings)


def test_a_model_without_its_term_frequencies_is_refused():
    settings = fixture_settings()
    del settings[TERM_FREQUENCIES]
    with pytest.raises(ValueError, match=r"no term frequencies for first_name.*retrain"):
        ScoringModel(settings)


def test_a_model_blocking_on_the_current_postcode_only_is_refused():
    settings = fixture_settings()
    settings["blocking_rules_to_generate_predictions"][-1] = "l.postcode = r.postcode"
    with pytest.raises(ValueError, match=r"blocking rules differ.*retrain"):
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
