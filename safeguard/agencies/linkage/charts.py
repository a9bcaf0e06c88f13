"""The model's match weights as a chart: what each comparison level adds to or takes from the
evidence that two records are one person (docs/linkage.md shows the deployed model's).

A level's match weight is log2(m / u): how many times more often a true match falls in the
level than a random pair does, in bits. The prior's weight, log2 of the prior odds, is where
every pair starts; a pair's score is the prior plus one level's weight per comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

__all__ = ["LevelWeight", "match_weights", "prior_weight", "weights_svg"]


@dataclass(frozen=True)
class LevelWeight:
    comparison: str
    level: str
    weight: float


def prior_weight(settings: dict[str, Any]) -> float:
    prior = float(settings["probability_two_random_records_match"])
    return math.log2(prior / (1 - prior))


def match_weights(settings: dict[str, Any]) -> list[LevelWeight]:
    """Every non-null level of every comparison, in the model's order. Levels with no m or u
    (never trained) are left out rather than drawn as zero, which would read as "no evidence"."""
    weights = []
    for comparison in settings["comparisons"]:
        name = comparison.get("output_column_name") or comparison.get("comparison_description")
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if not m or not u:
                continue
            weights.append(
                LevelWeight(
                    comparison=str(name).replace("_", " "),
                    level=str(level.get("label_for_charts") or level["sql_condition"]),
                    weight=math.log2(float(m) / float(u)),
                )
            )
    return weights


_ACRONYMS = {"nhs": "NHS", "upn": "UPN"}


def _heading(comparison: str) -> str:
    words = [_ACRONYMS.get(word, word) for word in comparison.split()]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


_ROW = 18
_LABEL_WIDTH = 330
_BAR_WIDTH = 420
_MARGIN = 12


def weights_svg(settings: dict[str, Any], *, title: str = "Match weight of each level") -> str:
    """A horizontal bar per level, grouped by comparison, from the largest weight's negative to
    its positive; each bar carries its figure as text, so the chart reads without colour."""
    weights = match_weights(settings)
    prior = prior_weight(settings)
    extent = max([abs(w.weight) for w in weights] + [abs(prior), 1.0])
    zero_x = _MARGIN + _LABEL_WIDTH + _BAR_WIDTH / 2
    scale = (_BAR_WIDTH / 2 - 40) / extent
    rows: list[str] = []
    y = _MARGIN + 28

    def bar(label: str, weight: float, *, bold: bool = False) -> None:
        nonlocal y
        width = abs(weight) * scale
        x = zero_x if weight >= 0 else zero_x - width
        fill = "#00703c" if weight >= 0 else "#d4351c"
        anchor_x = zero_x + width + 4 if weight >= 0 else zero_x - width - 4
        anchor = "start" if weight >= 0 else "end"
        weight_text = f"{weight:+.1f}"
        style = ' font-weight="bold"' if bold else ""
        rows.append(
            f'<text x="{_MARGIN + _LABEL_WIDTH - 8}" y="{y + 12}" text-anchor="end"{style}>'
            f"{escape(label)}</text>"
            f'<rect x="{x:.1f}" y="{y + 2}" width="{max(width, 1):.1f}" height="{_ROW - 5}" '
            f'fill="{fill}"><title>{escape(label)}: {weight_text}</title></rect>'
            f'<text x="{anchor_x:.1f}" y="{y + 12}" text-anchor="{anchor}">{weight_text}</text>'
        )
        y += _ROW

    bar("prior (where every pair starts)", prior, bold=True)
    comparison = None
    for level in weights:
        if level.comparison != comparison:
            comparison = level.comparison
            y += 6
            rows.append(
                f'<text x="{_MARGIN}" y="{y + 12}" font-weight="bold">'
                f"{escape(_heading(comparison))}</text>"
            )
            y += _ROW
        bar(level.level, level.weight)
    height = y + _MARGIN
    width = _MARGIN * 2 + _LABEL_WIDTH + _BAR_WIDTH
    description = "; ".join(f"{w.comparison}, {w.level}: {w.weight:+.1f}" for w in weights)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="Arial, sans-serif" '
        f'font-size="12" aria-labelledby="title desc">'
        f'<title id="title">{escape(title)}</title>'
        f'<desc id="desc">Match weight in bits, log2(m/u), per comparison level. '
        f"Prior {prior:+.1f}; {escape(description)}</desc>"
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        f'<text x="{_MARGIN}" y="{_MARGIN + 12}" font-size="14" font-weight="bold">'
        f"{escape(title)} (bits: log2 m/u)</text>"
        f'<line x1="{zero_x}" y1="{_MARGIN + 24}" x2="{zero_x}" y2="{height - _MARGIN}" '
        f'stroke="#0b0c0c" stroke-width="1"/>' + "".join(rows) + "</svg>\n"
    )
