"""What the fixture model decides about hand-made pairs that stand for the risks: a swapped
name counted once, the twin rule, nicknames and typos, a family that moved."""

from datetime import date

import pytest

from safeguard.agencies.linkage.comparisons import prepare
from safeguard.agencies.linkage.scoring import ScoringModel
from safeguard.agencies.linkage.services import Scored, decide, needs_a_person
from safeguard.agencies.linkage.splink_model import predict_pairs

from .fixtures import LINK_THRESHOLD, REVIEW_THRESHOLD, fixture_settings

ELIZABETH = {
    "first_name": "Elizabeth",
    "last_name": "Williams",
    "date_of_birth": date(2012, 5, 14),
    "sex": "F",
    "postcode": "NB3 4QT",
    "address_line": "7 Mill Road",
}


def _decision(sent: dict, known: dict) -> str:
    incoming, candidate = prepare(unique_id="in", **sent), prepare(unique_id=1, **known)
    score = ScoringModel(fixture_settings()).score(incoming, candidate)
    scored = Scored(1, score.match_probability, score.match_weight)
    if needs_a_person(incoming, candidate):
        scored = Scored(1, score.match_probability, score.match_weight, needs_review=True)
    return decide(
        [scored], link_threshold=LINK_THRESHOLD, review_threshold=REVIEW_THRESHOLD
    ).decision


def test_a_swapped_name_alone_does_not_link_another_child_born_elsewhere_years_apart():
    # An unknown child, born 2018 and living elsewhere, written surname first: the swapped
    # name is one piece of evidence, not two, and cannot outweigh the date and the home.
    sent = {
        **ELIZABETH,
        "first_name": "Williams",
        "last_name": "Elizabeth",
        "date_of_birth": date(2018, 9, 2),
        "postcode": "NB11 2XA",
        "address_line": "40 Canal Street",
    }
    assert _decision(sent, ELIZABETH) == "new"


def test_batch_mode_scores_the_swapped_name_as_the_online_mode_does():
    sent = prepare(
        unique_id=0,
        **{**ELIZABETH, "first_name": "Williams", "last_name": "Elizabeth", "postcode": ""},
    )
    known = prepare(unique_id=1, **ELIZABETH)
    (row,) = predict_pairs([sent], [known], fixture_settings()).itertuples(index=False)
    online = ScoringModel(fixture_settings()).score(sent, known)
    assert row.match_weight == pytest.approx(online.match_weight, abs=1e-9)


def test_a_swapped_name_with_the_same_date_of_birth_and_home_still_links():
    sent = {**ELIZABETH, "first_name": "Williams", "last_name": "Elizabeth"}
    assert _decision(sent, ELIZABETH) == "linked"


def test_a_twin_with_another_first_name_goes_to_a_person():
    # Same surname, date of birth and home; a first name nothing like the other.
    assert _decision({**ELIZABETH, "first_name": "Harriet"}, ELIZABETH) == "review"


@pytest.mark.parametrize(
    ("sent", "recorded"),
    [("Lottie", "Charlotte"), ("Olly", "Oliver"), ("Jake", "Jacob"), ("Ami", "Amy")],
)
def test_a_known_short_form_or_a_one_letter_typo_does_not_hold_a_link_for_the_twin_rule(
    sent, recorded
):
    known = {**ELIZABETH, "first_name": recorded}
    assert not needs_a_person(
        prepare(unique_id="in", **{**known, "first_name": sent}), prepare(unique_id=1, **known)
    )
    assert _decision({**known, "first_name": sent}, known) == "linked"


def test_a_child_sent_with_an_earlier_address_links_to_them_after_a_move():
    known = prepare(
        unique_id=1,
        homes=[("NB3 4QT", "7 Mill Road")],
        **ELIZABETH
        | {
            "postcode": "NB14 8RW",
            "address_line": "2 Orchard Close",
        },
    )
    sent = prepare(unique_id="in", **{**ELIZABETH, "sex": ""})
    score = ScoringModel(fixture_settings()).score(sent, known)
    assert score.match_probability >= LINK_THRESHOLD
    assert {w.comparison: w.level for w in score.weights}["home"] == (
        "an earlier home: the same postcode and address"
    )


def test_a_namesake_born_a_generation_apart_at_the_same_home_goes_to_a_person():
    # A mother and daughter of one name at one address: the daughter's record must not be
    # linked to the mother, the only one the index holds.
    mother = {**ELIZABETH, "date_of_birth": date(1986, 6, 10)}
    daughter = {**ELIZABETH, "date_of_birth": date(2013, 2, 27)}
    assert _decision(daughter, mother) == "review"


@pytest.mark.parametrize(
    ("recorded", "sent"),
    [
        (date(2012, 5, 14), date(2012, 5, 15)),
        (date(2012, 5, 14), date(2013, 5, 14)),
        (date(2012, 3, 7), date(2012, 7, 3)),
    ],
)
def test_a_mistyped_digit_or_a_swapped_day_and_month_is_not_a_namesake(recorded, sent):
    known = {**ELIZABETH, "date_of_birth": recorded}
    assert not needs_a_person(
        prepare(unique_id="in", **{**known, "date_of_birth": sent}), prepare(unique_id=1, **known)
    )
    assert _decision({**known, "date_of_birth": sent}, known) == "linked"


def test_an_nhs_number_that_agrees_lifts_the_rule():
    known = {**ELIZABETH, "nhs_number": "9434765919"}
    sent = {**known, "first_name": "Harriet", "date_of_birth": date(2013, 2, 27)}
    assert not needs_a_person(prepare(unique_id="in", **sent), prepare(unique_id=1, **known))
