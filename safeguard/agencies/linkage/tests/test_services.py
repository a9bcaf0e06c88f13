"""person_link / person_link_batch / review decisions, against a small generated index."""

import random
from datetime import date

import pytest

from safeguard.agencies.linkage import services
from safeguard.agencies.linkage.corruption import corrupt_person
from safeguard.agencies.linkage.models import MatchReview, PersonSource
from safeguard.agencies.linkage.services import (
    LinkageError,
    match_review_confirm,
    match_review_reject,
    person_link,
    person_link_batch,
    register_review_decided,
)
from safeguard.agencies.linkage.types import IncomingPerson
from safeguard.audit.models import AuditEntry
from safeguard.people.models import Person
from safeguard.people.search_keys import phonetic_key

from .fixtures import install_fixture_model
from .population import load_population, synthetic_people

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
    assert PersonSource.objects.get(person_id=new_person).route == "review_rejected"
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
    incomings.append(incomings[0])  # the same identity twice in one file: one outcome
    batch = person_link_batch(incomings=incomings, authority=personas.authority, source=SOURCE)
    assert batch[-1] == batch[0]
    # Undo what the batch wrote, then link the same rows one by one.
    created = [o.person_id for o in batch if o.decision == "new"]
    MatchReview.objects.all().delete()
    PersonSource.objects.all().delete()
    Person.objects.filter(pk__in=created).delete()
    for incoming, from_batch in zip(incomings[:-1], batch[:-1], strict=True):
        online = _link(incoming, personas.authority)
        assert online.decision == from_batch.decision, incoming
        if online.decision == "linked":
            assert online.person_id == from_batch.person_id
            assert online.match_probability == pytest.approx(from_batch.match_probability)
        if online.decision == "review":
            assert online.match_probability == pytest.approx(from_batch.match_probability)
    linked = sum(1 for o in batch if o.decision == "linked")
    assert linked >= 100  # most of the 120 corrupted copies of known people


def test_a_batch_is_scored_against_its_candidates_as_against_the_whole_index(index, personas):
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
    candidates = services._index_for_batch(prepared)
    assert len(candidates) < len(whole)  # the point: fewer people read
    assert pairs(candidates) == pairs(whole)
    assert len(pairs(whole)) >= 100
