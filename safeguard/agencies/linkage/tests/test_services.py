"""person_link / person_link_batch / review decisions, against a small generated index."""

import itertools
import random
from dataclasses import replace
from datetime import date

import pytest

from safeguard.agencies.linkage import services
from safeguard.agencies.linkage.corruption import corrupt_person
from safeguard.agencies.linkage.models import MatchReview, PersonSource, RejectedCandidate
from safeguard.agencies.linkage.services import (
    NEAR_CANDIDATE_FLOOR,
    NEAR_CANDIDATES_KEPT,
    LinkageError,
    Scored,
    decide,
    match_review_confirm,
    match_review_reject,
    nearest_candidates,
    person_link,
    person_link_batch,
    register_review_decided,
)
from safeguard.agencies.linkage.types import IncomingPerson
from safeguard.audit.models import AuditEntry
from safeguard.people.models import Person
from safeguard.people.search_keys import phonetic_key

from .fixtures import LINK_THRESHOLD, REVIEW_THRESHOLD, install_fixture_model
from .population import SyntheticPerson, load_population, synthetic_people

SOURCE = "Northbridge Primary School"


@pytest.fixture
def index(db, personas):
    install_fixture_model()
    people = synthetic_people(300, seed=5)
    ids = load_population(people)
    return people, ids


def _link(incoming, authority):
    return person_link(incoming=incoming, authority=authority, source=SOURCE)


def test_the_same_details_link_to_the_known_person(index, personas):
    people, ids = index
    outcome = _link(people[10].person, personas.authority)
    assert (outcome.decision, outcome.person_id) == ("linked", ids[10])
    assert outcome.match_probability > 0.99


def test_a_misspelt_first_name_and_no_upn_still_links(index, personas):
    people, ids = index
    known = people[20].person
    sent = IncomingPerson(
        first_name=known.first_name[:-1] + "x",
        last_name=known.last_name,
        date_of_birth=known.date_of_birth,
        postcode=known.postcode,
    )
    outcome = _link(sent, personas.authority)
    assert (outcome.decision, outcome.person_id) == ("linked", ids[20])


def test_swapped_names_and_day_month_still_link(index, personas):
    people, ids = index
    known = next(
        p
        for p in people
        if p.person.date_of_birth.day <= 12
        and p.person.date_of_birth.day != p.person.date_of_birth.month
    )
    born = known.person.date_of_birth
    sent = IncomingPerson(
        first_name=known.person.last_name,
        last_name=known.person.first_name,
        date_of_birth=born.replace(day=born.month, month=born.day),
        postcode=known.person.postcode,
    )
    outcome = _link(sent, personas.authority)
    assert (outcome.decision, outcome.person_id) == ("linked", ids[known.key])


def test_someone_unknown_becomes_a_new_person_with_their_source(index, personas):
    before = Person.objects.count()
    sent = IncomingPerson(
        first_name="Zebedee",
        last_name="Quartermaine",
        date_of_birth=date(2019, 2, 2),
        postcode="NB3 3QQ",
    )
    outcome = _link(sent, personas.authority)
    assert outcome.decision == "new"
    assert Person.objects.count() == before + 1
    person = Person.objects.get(pk=outcome.person_id)
    assert (person.first_name, person.last_name, person.last_name_key) == (
        "Zebedee",
        "Quartermaine",
        phonetic_key("Quartermaine"),
    )
    source = PersonSource.objects.get(person=person)
    assert (source.source, source.route, source.postcode) == (SOURCE, "no_match", "NB3 3QQ")
    assert AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk)).exists()


def _grey(people):
    """A record whose best match is in the grey zone: name and date of birth only, surname
    changed."""
    known = people[30].person
    return IncomingPerson(
        first_name=known.first_name, last_name="Quartermaine", date_of_birth=known.date_of_birth
    )


def test_a_grey_zone_match_waits_for_review_and_is_asked_only_once(index, personas):
    people, ids = index
    first = _link(_grey(people), personas.authority)
    assert first.decision == "review"
    review = MatchReview.objects.get(pk=first.review_id)
    assert review.candidate_id == ids[30]
    assert review.status == "pending"
    assert {w["comparison"] for w in review.comparison_weights} >= {"first_name", "home"}
    again = _link(_grey(people), personas.authority)
    assert (again.decision, again.review_id) == ("review", first.review_id)
    assert MatchReview.objects.count() == 1


def test_a_confirmed_pair_links_from_then_on(index, personas):
    people, ids = index
    review = MatchReview.objects.get(pk=_link(_grey(people), personas.authority).review_id)
    called = []
    register_review_decided(lambda review_id, person_id: called.append((review_id, person_id)))
    try:
        match_review_confirm(
            review=review, decided_by=personas.front_door_worker, reason="Checked with the school"
        )
    finally:
        services._review_decided_callbacks.pop()
    assert called == [(review.pk, ids[30])]
    again = _link(_grey(people), personas.authority)
    assert (again.decision, again.person_id) == ("linked", ids[30])
    entry = AuditEntry.objects.filter(object_type="linkage.matchreview", action="update").get()
    assert entry.reason == "Checked with the school"


def test_a_rejected_pair_never_links_automatically_again(index, personas):
    people, ids = index
    review = MatchReview.objects.get(pk=_link(_grey(people), personas.authority).review_id)
    called = []
    register_review_decided(lambda review_id, person_id: called.append((review_id, person_id)))
    try:
        decided = match_review_reject(
            review=review, decided_by=personas.front_door_worker, reason="Different mother"
        )
    finally:
        services._review_decided_callbacks.pop()
    new_person = decided.person_id
    assert new_person != ids[30]
    assert called == [(review.pk, new_person)]
    person_source = PersonSource.objects.get(person_id=new_person)
    assert person_source.route == "review_rejected"
    # The candidate the reviewer turned down is kept with the new person, with the review.
    kept = person_source.rejected_candidates.get()
    assert (kept.candidate_id, kept.reason, kept.review_id, kept.rank) == (
        ids[30],
        RejectedCandidate.Reason.REVIEWER,
        review.pk,
        1,
    )
    assert kept.match_probability == review.match_probability
    assert kept.told_against == sorted(
        (w for w in review.comparison_weights if w["match_weight"] < 0),
        key=lambda w: w["match_weight"],
    )
    again = _link(_grey(people), personas.authority)
    assert (again.decision, again.person_id) == ("linked", new_person)


def test_a_decision_needs_a_reason_and_is_made_once(index, personas):
    people, _ = index
    review = MatchReview.objects.get(pk=_link(_grey(people), personas.authority).review_id)
    with pytest.raises(LinkageError, match="reason"):
        match_review_confirm(review=review, decided_by=personas.front_door_worker, reason="  ")
    match_review_confirm(review=review, decided_by=personas.front_door_worker, reason="Same")
    with pytest.raises(LinkageError, match="already been decided"):
        match_review_reject(review=review, decided_by=personas.front_door_worker, reason="No")


@pytest.mark.parametrize(
    ("incoming", "field"),
    [
        (IncomingPerson(first_name="Ava"), "last_name"),
        (IncomingPerson(last_name="Khan", sex="Q"), "sex"),
        (IncomingPerson(last_name="Khan", date_of_birth=date(2999, 1, 1)), "date_of_birth"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    incoming, field, index, personas
):
    before = Person.objects.count()
    with pytest.raises(LinkageError) as error:
        _link(incoming, personas.authority)
    assert error.value.field == field
    assert Person.objects.count() == before


def test_a_mistyped_nhs_number_helps_the_match_but_is_not_stored_on_a_new_person(index, personas):
    outcome = _link(
        IncomingPerson(first_name="Zebedee", last_name="Quartermaine", nhs_number="1234567890"),
        personas.authority,
    )
    assert outcome.decision == "new"
    assert Person.objects.get(pk=outcome.person_id).nhs_number is None


def test_without_a_trained_model_linking_says_how_to_train_one(db, personas):
    with pytest.raises(LinkageError, match="train_linkage_model"):
        _link(IncomingPerson(last_name="Khan"), personas.authority)


def test_batch_mode_decides_as_the_online_mode_does(index, personas):
    people, _ = index
    rng = random.Random(11)
    donors = [p.person for p in people[:50]]
    incomings = [corrupt_person(p.person, rng, donors=donors) for p in people[:120]]
    # Unknown people, unlike one another: online, each created person is a candidate for
    # the next row; in batch, rows are linked against the index as it was (docs/linkage.md).
    incomings += [
        IncomingPerson(first_name=first, last_name=last)
        for first, last in (("Zebedee", "Quartermaine"), ("Ottoline", "Fairweather"))
    ]
    # Known people with both names changed: new people, each near the one they copy.
    incomings += [
        _near_miss(people[n].person, first, last)
        for n, (first, last) in zip(
            (200, 210, 220),
            (("Perpetua", "Ravensworth"), ("Barnaby", "Quillfeather"), ("Tamsin", "Oddbody")),
            strict=True,
        )
    ]
    # A record in the review band: it waits for a person, in either mode.
    incomings.append(_grey(people))
    incomings.append(incomings[0])  # the same identity twice in one file: one outcome
    batch = person_link_batch(incomings=incomings, authority=personas.authority, source=SOURCE)
    assert batch[-1] == batch[0]
    assert batch[-2].decision == "review"
    batch_near = _near_candidates_kept()
    # Undo what the batch wrote, then link the same rows one by one.
    created = [o.person_id for o in batch if o.decision == "new"]
    MatchReview.objects.all().delete()
    PersonSource.objects.all().delete()
    Person.objects.filter(pk__in=created).delete()
    online_people = []
    for incoming, from_batch in zip(incomings[:-1], batch[:-1], strict=True):
        online = _link(incoming, personas.authority)
        assert online.decision == from_batch.decision, incoming
        if online.decision == "linked":
            assert online.person_id == from_batch.person_id
            assert online.match_probability == pytest.approx(from_batch.match_probability)
        if online.decision == "review":
            assert online.match_probability == pytest.approx(from_batch.match_probability)
        if online.decision == "new":
            online_people.append(online.person_id)
            assert online.match_probability == pytest.approx(from_batch.match_probability)
    linked = sum(1 for o in batch if o.decision == "linked")
    assert linked >= 100  # most of the 120 corrupted copies of known people
    # The same near candidates kept with each new person, whichever mode made them.
    online_near = _near_candidates_kept()
    assert len(batch_near) == len(online_near) == len(online_people)
    assert sum(len(kept) for kept in batch_near) >= 3  # the three near misses at least
    for from_batch, from_online in zip(batch_near, online_near, strict=True):
        assert [c[:4] for c in from_batch] == [c[:4] for c in from_online]
        for b, o in zip(from_batch, from_online, strict=True):
            assert b[4] == pytest.approx(o[4])


def _near_miss(known, first_name, last_name):
    """A known person sent with both names changed (home and date of birth kept): scored
    near them, below the review threshold."""
    return IncomingPerson(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=known.date_of_birth,
        postcode=known.postcode,
    )


def _near_candidates_kept():
    """Per new person (in the order they were made): the near candidates kept, as (rank,
    candidate, reason, what told against them, probability)."""
    return [
        [
            (
                c.rank,
                c.candidate_id,
                c.reason,
                [(w["comparison"], w["level"], w["match_weight"]) for w in c.told_against],
                c.match_probability,
            )
            for c in source.rejected_candidates.order_by("rank")
        ]
        for source in PersonSource.objects.order_by("pk")
    ]


def test_a_batch_is_scored_against_its_candidates_as_against_the_whole_index(
    index, personas, monkeypatch
):
    from safeguard.agencies.linkage import splink_model
    from safeguard.agencies.linkage.index import index_records

    people, _ = index
    rng = random.Random(5)
    donors = [p.person for p in people[:50]]
    incomings = [corrupt_person(p.person, rng, donors=donors) for p in people[:150]]
    prepared = [services.prepare_incoming(i, unique_id=n) for n, i in enumerate(incomings)]
    model = services.linkage_model_current()

    def pairs(known):
        frame = splink_model.predict_pairs(
            prepared, known, model.settings, threshold_match_probability=0.0001
        )
        return sorted(
            (int(left), int(right), round(float(probability), 9))
            for left, right, probability in frame[
                ["unique_id_l", "unique_id_r", "match_probability"]
            ].itertuples(index=False)
        )

    whole = index_records()
    # A file whose candidates are a small part of the index reads only them...
    monkeypatch.setattr(services, "WHOLE_INDEX_SHARE", 1.0)
    monkeypatch.setattr(services, "ID_CHUNK", 50)  # several reads by id, as a large one makes
    candidates = services._index_for_batch(prepared)
    assert len(candidates) < len(whole)  # the point: fewer people read
    assert [c["unique_id"] for c in candidates] == sorted(c["unique_id"] for c in candidates)
    assert pairs(candidates) == pairs(whole)
    assert len(pairs(whole)) >= 100
    # ...and one whose candidates cover much of it reads it whole, once.
    monkeypatch.setattr(services, "WHOLE_INDEX_SHARE", 0.1)
    assert services._index_for_batch(prepared) == whole


# --- Near candidates: what a new person was told apart from -------------------------------


def test_a_new_person_keeps_the_near_candidates_it_was_told_apart_from(index, personas):
    people, ids = index
    known = people[30].person
    outcome = _link(_near_miss(known, "Zebedee", "Quartermaine"), personas.authority)
    assert outcome.decision == "new"
    source = PersonSource.objects.get(person_id=outcome.person_id)
    assert source.model == services.linkage_model_current()
    assert source.incoming["first_name"] == "Zebedee"
    kept = list(source.rejected_candidates.order_by("rank"))
    assert [(c.rank, c.candidate_id, c.reason) for c in kept][:1] == [
        (1, ids[30], RejectedCandidate.Reason.BELOW_REVIEW)
    ]
    nearest = kept[0]
    assert NEAR_CANDIDATE_FLOOR <= nearest.match_probability < REVIEW_THRESHOLD
    assert outcome.match_probability == nearest.match_probability
    # Why: both names disagree outright, most telling first, each with its level and weight.
    against = {w["comparison"]: w for w in nearest.told_against}
    assert {"first_name", "last_name"} <= set(against)
    assert all(w["match_weight"] < 0 for w in nearest.told_against)
    weights = [w["match_weight"] for w in nearest.told_against]
    assert weights == sorted(weights)
    assert all(c.match_probability >= NEAR_CANDIDATE_FLOOR for c in kept)
    created = AuditEntry.objects.get(
        object_type="people.person", object_id=str(outcome.person_id), action="create"
    )
    assert created.details["near_candidates"] == [c.candidate_id for c in kept]


def test_someone_near_no_one_keeps_no_candidates(index, personas):
    outcome = _link(
        IncomingPerson(first_name="Zebedee", last_name="Quartermaine", postcode="NB3 3QQ"),
        personas.authority,
    )
    assert outcome.decision == "new"
    assert outcome.match_probability is None
    assert not RejectedCandidate.objects.exists()


def test_the_nearest_few_above_the_floor_are_kept_nearest_first():
    probabilities = (0.0009, 0.002, 0.05, 0.001, 0.05, 0.3, 0.02, 0.004, 0.0001)
    scored = [Scored(person_id, p, 0.0) for person_id, p in enumerate(probabilities, start=1)]
    kept = nearest_candidates(scored)
    assert len(kept) == NEAR_CANDIDATES_KEPT == 5
    # Equal probabilities: the lower person id first, as `decide` breaks ties.
    assert [s.person_id for s in kept] == [6, 3, 5, 7, 8]
    assert nearest_candidates([Scored(1, 0.0009, 0.0)]) == []


# --- The review band is never a new person ----------------------------------------------

_BAND = (0.0005, 0.05, REVIEW_THRESHOLD, 0.5, LINK_THRESHOLD, 0.99)


def _every_mix_of_candidates():
    """One to three candidates, each at a probability from below the floor to above the link
    threshold, the twin rule holding or not, rejected by a reviewer or not."""
    kinds = list(itertools.product(_BAND, (False, True), (False, True)))
    for size in (1, 2, 3):
        yield from itertools.product(kinds, repeat=size)


def test_a_candidate_in_the_review_band_never_makes_a_new_person():
    """Whatever the mix of candidates (the twin rule holding or not, a second candidate that
    could link too, a candidate a reviewer rejected), a record with a candidate not rejected
    at or above the review threshold is linked or reviewed, never made a new person."""
    mixes = 0
    for candidates in _every_mix_of_candidates():
        scored = [
            Scored(person_id, p, 0.0, needs_review=twin)
            for person_id, (p, twin, _) in enumerate(candidates, start=1)
        ]
        rejected = frozenset(
            person_id
            for person_id, (_, _, was_rejected) in enumerate(candidates, start=1)
            if was_rejected
        )
        outcome = decide(
            scored,
            link_threshold=LINK_THRESHOLD,
            review_threshold=REVIEW_THRESHOLD,
            rejected=rejected,
        )
        in_band = [
            s
            for s in scored
            if s.person_id not in rejected and s.match_probability >= REVIEW_THRESHOLD
        ]
        assert (outcome.decision == "new") == (not in_band), candidates
        if in_band:
            nearest = min(in_band, key=lambda s: (-s.match_probability, s.person_id))
            assert outcome.best == nearest, candidates
        mixes += 1
    assert mixes == 24 + 24**2 + 24**3


def _both_ways(incoming, personas):
    """The decision online, then (after undoing it) in batch; neither may make a person."""
    before = Person.objects.count()
    online = _link(incoming, personas.authority)
    assert Person.objects.count() == before
    MatchReview.objects.filter(status=MatchReview.Status.PENDING).delete()
    (batch,) = person_link_batch(incomings=[incoming], authority=personas.authority, source=SOURCE)
    assert Person.objects.count() == before
    return online, batch


def test_the_review_band_waits_for_a_person_online_and_in_batch(index, personas):
    people, ids = index
    online, batch = _both_ways(_grey(people), personas)
    assert online.decision == batch.decision == "review"
    assert MatchReview.objects.get(pk=batch.review_id).candidate_id == ids[30]


def _resembling(people):
    """Just under the review threshold: the grey-zone record with the other sex (a first
    name and a birthday alike, nothing else)."""
    return replace(_grey(people), sex="M" if people[30].person.sex == "F" else "F")


def test_a_record_resembling_a_known_child_under_the_review_threshold_is_reviewed_both_ways(
    index, personas
):
    people, ids = index
    incoming = _resembling(people)
    online, batch = _both_ways(incoming, personas)
    assert services.REVIEW_BAND_FLOOR <= online.match_probability < REVIEW_THRESHOLD
    assert online.decision == batch.decision == "review"
    assert online.match_probability == pytest.approx(batch.match_probability)
    assert MatchReview.objects.get(pk=batch.review_id).candidate_id == ids[30]


def test_the_twin_rule_sends_a_high_score_to_review_online_and_in_batch(index, personas):
    people, ids = index
    # Everything a twin shares (surname, birth, home), a first name nothing alike, and no
    # NHS number to tell them apart.
    twin = replace(people[30].person, first_name="Zebedee", nhs_number="", upn="")
    online, batch = _both_ways(twin, personas)
    assert online.decision == batch.decision == "review"
    assert batch.match_probability >= LINK_THRESHOLD
    assert MatchReview.objects.get(pk=batch.review_id).candidate_id == ids[30]


def test_two_candidates_who_could_both_link_go_to_review_online_and_in_batch(index, personas):
    people, ids = index
    known = replace(people[40].person, nhs_number="", upn="")
    # The same child recorded twice: which is them is for a person to say.
    (duplicate,) = load_population([SyntheticPerson(10_000, known)]).values()
    online, batch = _both_ways(known, personas)
    assert online.decision == batch.decision == "review"
    assert batch.match_probability >= LINK_THRESHOLD
    assert MatchReview.objects.get(pk=batch.review_id).candidate_id in {ids[40], duplicate}


def test_a_rejected_candidate_leaves_the_next_in_the_band_to_review(index, personas):
    people, ids = index
    # Another known person the grey record is as near to (its first name and date of birth;
    # a different surname and home, which the record does not give).
    (other,) = load_population(
        [
            SyntheticPerson(
                10_000,
                replace(
                    people[30].person,
                    last_name="Featherstone",
                    postcode="NB9 9ZZ",
                    address_line="2 Elm Row",
                    nhs_number="",
                    upn="",
                ),
            )
        ]
    ).values()
    first = _link(_grey(people), personas.authority)
    review = MatchReview.objects.get(pk=first.review_id)
    assert review.candidate_id == ids[30]
    # The reviewer says it is someone else and records a new person, whom the same record
    # would then link to. Without them (removed here), the other candidate in the band is
    # reviewed in turn: it is never passed over for a second new person.
    decided = match_review_reject(
        review=review, decided_by=personas.front_door_worker, reason="Different school"
    )
    Person.objects.filter(pk=decided.person_id).delete()
    before = Person.objects.count()
    online, batch = _both_ways(_grey(people), personas)
    assert online.decision == batch.decision == "review"
    assert MatchReview.objects.get(pk=batch.review_id).candidate_id == other
    assert Person.objects.count() == before
