"""A small trained model for tests (here and in the partner hub's tests).

`fixture_model.json` holds Splink settings trained once on 20,000 synthetic people
(`tests/population.py`, seed 1) by `splink_model.train` (seed 1); loading it takes
milliseconds, so no test trains on large data. After the comparisons change, retrain it:

    .venv/bin/python -m safeguard.agencies.linkage.tests.retrain_fixture
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..models import LinkageModel, MatchReview
from ..services import linkage_model_save

FIXTURE_MODEL = Path(__file__).with_name("fixture_model.json")
LINK_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.1


def fixture_settings() -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(FIXTURE_MODEL.read_text())
    return settings


def fixture_index(size: int = 20_000, *, seed: int = 1) -> list[Any]:
    """The synthetic people the fixture model is trained on, prepared (homes included)."""
    from ..comparisons import prepare
    from .population import synthetic_people

    return [
        prepare(unique_id=p.key, homes=p.earlier_homes, **p.person.__dict__)
        for p in synthetic_people(size, seed=seed)
    ]


def train_fixture_model() -> dict[str, Any]:
    """Train the fixture model afresh and write it to `fixture_model.json`."""
    from ..splink_model import train

    settings, _ = train(fixture_index(), seed=1)
    FIXTURE_MODEL.write_text(json.dumps(settings, indent=1, sort_keys=True) + "\n")
    return settings


def install_fixture_model(
    *, link_threshold: float = LINK_THRESHOLD, review_threshold: float = REVIEW_THRESHOLD
) -> LinkageModel:
    """Save the fixture model as the current linkage model version."""
    return linkage_model_save(
        settings=fixture_settings(),
        training={"fixture": True},
        link_threshold=link_threshold,
        review_threshold=review_threshold,
    )


def review_about(child: Any, **fields: Any) -> MatchReview:
    """A pending review suggesting `child` for a partner's slightly different record."""
    from safeguard.organisation.models import Authority

    from ..services import incoming_as_json, incoming_fingerprint
    from ..types import IncomingPerson

    model = LinkageModel.objects.order_by("-version").first() or install_fixture_model()
    incoming = fields.pop(
        "incoming",
        IncomingPerson(
            first_name=(child.first_name or "A") + "e",
            last_name=child.last_name,
            date_of_birth=child.date_of_birth,
        ),
    )
    return MatchReview.objects.create(
        authority=fields.pop("authority", None) or Authority.objects.first(),
        source=fields.pop("source", "Northbridge Primary School"),
        incoming=incoming_as_json(incoming),
        incoming_fingerprint=incoming_fingerprint(incoming),
        candidate=child,
        model=model,
        match_probability=fields.pop("match_probability", 0.5),
        match_weight=fields.pop("match_weight", 0.0),
        comparison_weights=fields.pop(
            "comparison_weights",
            [{"comparison": "first_name", "level": "Jaro-Winkler >= 0.92", "match_weight": 6.4}],
        ),
        **fields,
    )
