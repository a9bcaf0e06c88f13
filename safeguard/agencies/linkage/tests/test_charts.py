import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safeguard.agencies.linkage.charts import match_weights, prior_weight, weights_svg

FIXTURE = Path(__file__).with_name("fixture_model.json")


def _settings() -> dict:
    return json.loads(FIXTURE.read_text())


def test_a_level_weighs_log2_of_m_over_u_and_null_levels_are_left_out():
    settings = _settings()
    first = settings["comparisons"][0]
    exact = next(level for level in first["comparison_levels"] if not level.get("is_null_level"))
    weights = match_weights(settings)
    assert weights[0].level == exact["label_for_charts"]
    assert weights[0].weight == pytest.approx(
        math.log2(exact["m_probability"] / exact["u_probability"])
    )
    assert "missing on either side" not in {w.level for w in weights}
    prior = settings["probability_two_random_records_match"]
    assert prior_weight(settings) == pytest.approx(math.log2(prior / (1 - prior)))


def test_the_chart_is_valid_svg_with_a_bar_and_a_figure_per_level():
    settings = _settings()
    svg = weights_svg(settings)
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    namespace = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(f"{namespace}rect") if r.find(f"{namespace}title") is not None]
    assert len(bars) == len(match_weights(settings)) + 1  # and the prior's
    texts = {t.text for t in root.iter(f"{namespace}text")}
    for level in match_weights(settings):
        assert f"{level.weight:+.1f}" in texts
    assert root.find(f"{namespace}desc") is not None


def test_the_command_draws_the_fixture_and_refuses_a_missing_folder(tmp_path):
    output = tmp_path / "weights.svg"
    call_command("linkage_weights_chart", "--fixture", "--output", str(output))
    assert output.read_text().startswith("<svg")
    with pytest.raises(CommandError, match="No folder"):
        call_command("linkage_weights_chart", "--fixture", "--output", str(tmp_path / "x" / "a"))


@pytest.mark.django_db
def test_the_command_without_a_trained_model_says_how_to_train_one(tmp_path):
    with pytest.raises(CommandError, match="train_linkage_model"):
        call_command("linkage_weights_chart", "--output", str(tmp_path / "w.svg"))
