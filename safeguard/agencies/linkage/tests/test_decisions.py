"""What the fixture model decides about hand-made pairs that stand for the risks: a swapped
name counted once, the twin rule, nicknames and typos, a family that moved."""

from datetime import date

import pytest

from safeguard.agencies.linkage.blocking import BLOCKING_RULES, candidate_lookups, is_blocked_pair
from safeguard.agencies.linkage.comparisons import prepare
from safeguard.agencies.linkage.scoring import ScoringModel
from safeguard.agencies.linkage.services import (
    CLEAR_MARGIN_BITS,
    REVIEW_BAND_FLOOR,
    Decision,
    Scored,
    _scored,
    decide,
    needs_a_person,
    scored_pair,
)
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


def _decided(sent: dict, *known: dict) -> Decision:
    """`decide` on the record against each known person (ids 1, 2, ...), scored by the
    fixture model and read by `scored_pair`, as a batch reads Splink's pairs."""
    incoming = prepare(unique_id="in", **sent)
    scorer = ScoringModel(fixture_settings())
    scored = []
    for person_id, details in enumerate(known, start=1):
        candidate = prepare(unique_id=person_id, **details)
        score = scorer.score(incoming, candidate)
        scored.append(
            scored_pair(person_id, score.match_probability, score.match_weight, incoming, candidate)
        )
    return decide(scored, link_threshold=LINK_THRESHOLD, review_threshold=REVIEW_THRESHOLD)


def _decision(sent: dict, *known: dict) -> str:
    return _decided(sent, *known).decision


def _decide(*scored: Scored) -> Decision:
    return decide(scored, link_threshold=LINK_THRESHOLD, review_threshold=REVIEW_THRESHOLD)


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


# --- Two candidates who could both link --------------------------------------------------

HARVEY = {**ELIZABETH, "first_name": "Harvey", "last_name": "Young", "sex": "M"}
# Twins: one birth, one home, names a letter apart, each their own NHS number.
TWINS = (
    {**HARVEY, "nhs_number": "9434765919"},
    {**HARVEY, "first_name": "Harley", "nhs_number": "9434765870"},
)


@pytest.mark.parametrize("twin", [1, 2])
def test_an_nhs_number_and_date_of_birth_settle_which_twin_a_record_is_about(twin):
    sent = TWINS[twin - 1]
    outcome = _decided(sent, *TWINS)
    assert (outcome.decision, outcome.best and outcome.best.person_id) == ("linked", twin)


def test_twins_whose_names_are_alike_go_to_a_person_without_an_nhs_number():
    assert _decision({**TWINS[0], "nhs_number": ""}, *TWINS) == "review"


def test_a_mistyped_date_of_birth_with_the_nhs_number_still_identifies_the_child():
    sent = {**TWINS[0], "date_of_birth": date(2012, 5, 15)}
    outcome = _decided(sent, *TWINS)
    assert (outcome.decision, outcome.best and outcome.best.person_id) == ("linked", 1)


def test_an_nhs_number_with_a_date_of_birth_years_apart_does_not_identify():
    sent = {**TWINS[0], "date_of_birth": date(2015, 9, 2)}
    incoming, candidate = prepare(unique_id="in", **sent), prepare(unique_id=1, **TWINS[0])
    score = ScoringModel(fixture_settings()).score(incoming, candidate)
    assert not _scored(1, score).identified


def test_one_candidate_outweighing_another_by_the_margin_links():
    best = Scored(1, 0.9999, 20.0)
    assert _decide(best, Scored(2, 0.99, 20.0 - CLEAR_MARGIN_BITS)).decision == "linked"
    assert _decide(best, Scored(2, 0.99, 20.1 - CLEAR_MARGIN_BITS)).decision == "review"


def test_the_margin_never_links_past_a_candidate_the_record_identifies():
    best = Scored(1, 0.9999, 30.0)
    identified = Scored(2, 0.95, 3.0, identified=True)
    outcome = _decide(best, identified)
    assert (outcome.decision, outcome.best) == ("review", best)


def test_two_candidates_the_record_identifies_go_to_a_person():
    one, other = Scored(1, 0.9999, 30.0, identified=True), Scored(2, 0.99, 9.0, identified=True)
    assert _decide(one, other).decision == "review"


def test_a_candidate_the_record_identifies_links_from_the_review_threshold():
    assert _decide(Scored(1, 0.3, -1.2, identified=True)).decision == "linked"
    assert _decide(Scored(1, 0.3, -1.2)).decision == "review"
    assert _decide(Scored(1, 0.09, -3.3, identified=True, resembles=True)).decision == "review"


# --- Just under the review threshold -----------------------------------------------------


def test_a_candidate_resembling_the_record_just_under_the_review_threshold_is_reviewed():
    near = Scored(1, 0.05, -4.2, resembles=True)
    assert _decide(near) == Decision("review", near)
    assert _decide(Scored(1, 0.05, -4.2)).decision == "new"
    assert _decide(Scored(1, REVIEW_BAND_FLOOR / 2, -6.6, resembles=True)).decision == "new"


def test_the_nearest_resembling_candidate_is_reviewed_not_the_nearest_of_all():
    alike = Scored(2, 0.03, -5.0, resembles=True)
    outcome = _decide(Scored(1, 0.08, -3.5), alike)
    assert outcome == Decision("review", alike)


def test_a_resembling_candidate_a_reviewer_rejected_is_not_reviewed_again():
    outcome = decide(
        [Scored(1, 0.05, -4.2, resembles=True)],
        link_threshold=LINK_THRESHOLD,
        review_threshold=REVIEW_THRESHOLD,
        rejected=frozenset({1}),
    )
    assert outcome.decision == "new"


def test_a_namesake_born_another_year_in_another_home_is_still_a_new_person():
    sent = {
        **ELIZABETH,
        "date_of_birth": date(2015, 9, 2),
        "postcode": "NB11 2XA",
        "address_line": "40 Canal Street",
    }
    assert _decision(sent, ELIZABETH) == "new"


@pytest.mark.parametrize(
    "sent",
    [
        {**ELIZABETH, "last_name": "Davies", "postcode": "NB11 2XA", "sex": "M"},
        {**ELIZABETH, "first_name": "Lizzie", "date_of_birth": date(2012, 5, 15)},
        {**TWINS[0], "first_name": "Harley"},
        {**ELIZABETH, "first_name": "Williams", "last_name": "Elizabeth"},
    ],
)
def test_batch_reads_a_pair_as_the_online_mode_does(sent):
    incoming = prepare(unique_id="in", **sent)
    for person_id, details in enumerate((ELIZABETH, *TWINS), start=1):
        candidate = prepare(unique_id=person_id, **details)
        score = ScoringModel(fixture_settings()).score(incoming, candidate)
        batch = scored_pair(
            person_id, score.match_probability, score.match_weight, incoming, candidate
        )
        assert batch == _scored(person_id, score)


def test_a_known_child_who_moved_and_changed_surname_is_reviewed_not_made_a_new_person():
    # Moved, a new surname, day and month swapped, sex left blank: the score
    # falls under the review threshold, but the first name and birthday still resemble.
    known = {**ELIZABETH, "date_of_birth": date(2012, 3, 7)}
    sent = {
        **known,
        "last_name": "Davies",
        "sex": "",
        "date_of_birth": date(2012, 7, 3),
        "postcode": "NB11 2XA",
        "address_line": "40 Canal Street",
    }
    outcome = _decided(sent, known)
    assert outcome.best is not None
    assert REVIEW_BAND_FLOOR <= outcome.best.match_probability < REVIEW_THRESHOLD
    assert outcome.decision == "review"


def test_a_mistyped_month_with_a_new_surname_and_postcode_is_still_compared():
    # A double-barrelled surname written with a space, a digit of the month mistyped and the
    # postcode mistyped: no rule on the whole date, the surname's sound or the postcode
    # pairs it, so without the first name and the rest of the date it became a new person.
    known = {**ELIZABETH, "last_name": "Ahmed"}
    sent = {
        **known,
        "last_name": "Ahmed Smith",
        "date_of_birth": date(2012, 8, 14),
        "postcode": "NB3 4QF",
    }
    incoming, candidate = prepare(unique_id="in", **sent), prepare(unique_id=1, **known)
    blocked_by = [rule.name for rule in BLOCKING_RULES if rule.holds(incoming, candidate)]
    assert blocked_by == ["first_name_born_same_day_of_year"]
    assert _decision(sent, known) == "linked"


@pytest.mark.parametrize(
    ("sent", "rule"),
    [
        ({**ELIZABETH, "date_of_birth": date(2012, 5, 24)}, "first_name_born_same_month"),
        ({**ELIZABETH, "date_of_birth": date(2012, 3, 14)}, "first_name_born_same_day_of_year"),
    ],
)
def test_the_online_lookups_find_a_child_with_a_digit_of_the_birthday_mistyped(sent, rule):
    moved = {**sent, "last_name": "Davies", "postcode": "NB11 2XA"}
    incoming = prepare(unique_id="in", **moved)
    candidate = prepare(unique_id=1, **ELIZABETH)
    assert [r.name for r in BLOCKING_RULES if r.holds(incoming, candidate)] == [rule]
    looked_up = [
        dict(lookup.fields)
        for lookup in candidate_lookups(incoming)
        if dict(lookup.fields).get("first_name_key") == (candidate["first_name_key"],)
    ]
    assert any(date(2012, 5, 14) in fields.get("date_of_birth", ()) for fields in looked_up)


def test_a_namesake_born_another_month_and_day_is_not_compared_on_the_first_name():
    sent = {**ELIZABETH, "date_of_birth": date(2012, 9, 2), "last_name": "Davies"}
    sent["postcode"], sent["address_line"] = "NB11 2XA", "40 Canal Street"
    incoming = prepare(unique_id="in", **sent)
    assert not is_blocked_pair(incoming, prepare(unique_id=1, **ELIZABETH))
