"""manage.py train_linkage_model: a new version from the current person index."""

import pytest
from django.core.management import CommandError, call_command

from safeguard.agencies.linkage.models import LinkageModel
from safeguard.agencies.linkage.scoring import ScoringModel

from .population import load_population, synthetic_people


@pytest.mark.django_db
def test_training_saves_the_next_version_that_scores_matches_highly(capsys):
    load_population(synthetic_people(300, seed=2))
    call_command("train_linkage_model", "--sample", "200", "--u-pairs", "20000")
    call_command(
        "train_linkage_model", "--sample", "200", "--u-pairs", "20000", "--link-threshold", "0.95"
    )
    first, second = LinkageModel.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert (first.link_threshold, second.link_threshold) == (0.9, 0.95)
    assert second.review_threshold == first.review_threshold == 0.1
    assert second.training["index_people"] == 300
    assert "Saved linkage model version 2" in capsys.readouterr().out
    levels = second.settings["comparisons"][0]["comparison_levels"]
    exact = next(level for level in levels if level["label_for_charts"] == "exact")
    assert exact["m_probability"] > 0.5 > exact["u_probability"]
    ScoringModel(second.settings)  # loads: the comparisons are the code's


@pytest.mark.django_db
def test_training_an_empty_index_says_why_it_cannot():
    with pytest.raises(CommandError, match="at least 10"):
        call_command("train_linkage_model")


@pytest.mark.django_db
def test_a_review_threshold_above_the_link_threshold_is_refused():
    with pytest.raises(CommandError, match="must not be above"):
        call_command("train_linkage_model", "--link-threshold", "0.5", "--review-threshold", "0.6")
