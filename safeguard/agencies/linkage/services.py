"""Linking incoming partner records to the people the authority already knows.

Interface fixed by the hub contract: `person_link` (online, one API submission),
`person_link_batch` (a bulk file), `register_review_decided`. Both modes prepare the incoming
record the same way, find candidates with the same blocking rules (indexed queries online,
Splink's blocking in batch), score them with the same trained model (Python online, Splink in
batch; a test checks they agree) and decide with the same function, `decide`:

- a pair a reviewer confirmed links at once; a pair a reviewer rejected is never proposed
  again (the same incoming details, the same candidate);
- best candidate at or above the model's link threshold, with no second candidate there
  too: linked;
- best at or above the review threshold: a `MatchReview` (one per pair: asked once);
- otherwise: a new person, recorded with the source it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import AuditRecord, audit_append, audit_record
from safeguard.common import codes
from safeguard.organisation.models import Authority
from safeguard.people.identifiers import (
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    upn_is_valid,
)
from safeguard.people.models import Person
from safeguard.people.search_keys import normalise_name, search_keys_for

from .blocking import batch_candidate_filters, candidate_filters, is_blocked_pair
from .comparisons import COMPARISONS, Prepared, comparison_levels, prepare
from .index import index_records_matching
from .models import LinkageModel, MatchReview, PersonSource
from .scoring import PairScore, ScoringModel
from .types import IncomingPerson, MatchOutcome

ReviewDecidedCallback = Callable[[int, int], None]

_review_decided_callbacks: list[ReviewDecidedCallback] = []

NO_MODEL = (
    "No linkage model has been trained yet: run `manage.py train_linkage_model` once the "
    "person index holds people"
)
SURNAME_REQUIRED = "Enter the person's surname: a person cannot be matched or recorded without it"
SEX_INVALID = "Sex must be M, F, U or blank; got {value!r}"
BORN_IN_FUTURE = "The date of birth {value} is in the future"
REVIEW_ALREADY_DECIDED = (
    "This match has already been decided ({status}); it cannot be decided again"
)
REASON_REQUIRED = "Enter the reason for your decision"


class LinkageError(Exception):
    """A request linkage cannot carry out; the message says what and how to fix it."""

    def __init__(self, message: str, *, field: str = "", row: int | None = None) -> None:
        self.message, self.field, self.row = message, field, row
        where = f"row {row}: " if row is not None else ""
        super().__init__(f"{where}{message}")


# --- The decision rule (pure) -------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    person_id: int
    match_probability: float
    match_weight: float
    # Both first names given and nothing alike (not a spelling, short form or sound), and no
    # NHS number or UPN the same: twins and siblings share everything else, so such a pair
    # is never linked without a person (`needs_a_person`).
    needs_review: bool = False


_COMPARISON_AT = {comparison.name: n for n, comparison in enumerate(COMPARISONS)}
_EXACT = 1  # each identifier comparison's level after "missing": exact


def _needs_a_person(levels: Sequence[int]) -> bool:
    first_name = levels[_COMPARISON_AT["first_name"]]
    disagree = first_name == len(COMPARISONS[_COMPARISON_AT["first_name"]].levels) - 1
    identified = (
        levels[_COMPARISON_AT["nhs_number"]] == _EXACT or levels[_COMPARISON_AT["upn"]] == _EXACT
    )
    return disagree and not identified


def needs_a_person(incoming: Prepared, candidate: Prepared) -> bool:
    """The twin rule: the first names disagree outright and no NHS number or UPN agrees,
    so however well the rest agrees (surname, date of birth, home), a person decides."""
    return _needs_a_person(comparison_levels(incoming, candidate))


def _scored(person_id: int, score: PairScore) -> Scored:
    return Scored(
        person_id,
        score.match_probability,
        score.match_weight,
        _needs_a_person(score.levels),
    )


@dataclass(frozen=True)
class Decision:
    decision: str  # "linked", "review", "new"
    best: Scored | None


def decide(
    scored: Sequence[Scored],
    *,
    link_threshold: float,
    review_threshold: float,
    rejected: frozenset[int] = frozenset(),
) -> Decision:
    """Linked, review or new, from a record's scored candidates (any order).

    Rejected candidates are left out. A candidate may link when it is at or above the link
    threshold and the twin rule does not hold (`needs_a_person`). Two candidates that may
    both link (the same child recorded twice) go to review rather than linking to either at
    random. Ties break on the lower person id, so both modes agree.
    """
    ranked = sorted(
        (s for s in scored if s.person_id not in rejected),
        key=lambda s: (-s.match_probability, s.person_id),
    )
    if not ranked or ranked[0].match_probability < review_threshold:
        return Decision("new", None)

    def may_link(candidate: Scored) -> bool:
        return candidate.match_probability >= link_threshold and not candidate.needs_review

    best = ranked[0]
    if may_link(best) and not any(may_link(other) for other in ranked[1:]):
        return Decision("linked", best)
    return Decision("review", best)


# --- Inputs -------------------------------------------------------------------------------


def incoming_fingerprint(incoming: IncomingPerson) -> str:
    """The identity an incoming record states (names, date of birth, sex, NHS number, UPN;
    not the address, which changes when a family moves), as a hash: the key under which a
    reviewer's decision about it is kept."""
    parts = (
        normalise_name(incoming.first_name),
        normalise_name(incoming.last_name),
        incoming.date_of_birth.isoformat() if incoming.date_of_birth else "",
        incoming.sex if incoming.sex in ("M", "F") else "",
        normalise_nhs_number(incoming.nhs_number),
        normalise_upn(incoming.upn),
    )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def incoming_problems(incoming: IncomingPerson) -> list[LinkageError]:
    """What stops this record being linked or recorded, each naming its field (empty when it
    can be linked). A bulk import checks each row with this before `person_link_batch`.

    An NHS number or UPN that fails its check is not a problem here: a mistyped identifier
    is still evidence for the match (one digit wrong is its own comparison level). It is
    never stored on a person created from the record.
    """
    problems = []
    if not normalise_name(incoming.last_name):
        problems.append(LinkageError(SURNAME_REQUIRED, field="last_name"))
    if incoming.sex not in ("", "M", "F", "U"):
        problems.append(LinkageError(SEX_INVALID.format(value=incoming.sex), field="sex"))
    if incoming.date_of_birth and incoming.date_of_birth > timezone.localdate():
        problems.append(
            LinkageError(
                BORN_IN_FUTURE.format(value=incoming.date_of_birth.isoformat()),
                field="date_of_birth",
            )
        )
    return problems


def _validate(incoming: IncomingPerson, *, row: int | None = None) -> None:
    problems = incoming_problems(incoming)
    if problems:
        raise LinkageError(problems[0].message, field=problems[0].field, row=row)


def prepare_incoming(incoming: IncomingPerson, unique_id: int | str = "incoming") -> Prepared:
    return prepare(unique_id=unique_id, **_fields(incoming))


def _fields(incoming: IncomingPerson) -> dict[str, Any]:
    return {
        "first_name": incoming.first_name,
        "last_name": incoming.last_name,
        "date_of_birth": incoming.date_of_birth,
        "sex": incoming.sex,
        "postcode": incoming.postcode,
        "address_line": incoming.address_line,
        "nhs_number": incoming.nhs_number,
        "upn": incoming.upn,
    }


def incoming_as_json(incoming: IncomingPerson) -> dict[str, str]:
    data = _fields(incoming)
    data["date_of_birth"] = incoming.date_of_birth.isoformat() if incoming.date_of_birth else ""
    return {key: str(value) for key, value in data.items()}


def incoming_from_json(data: dict[str, str]) -> IncomingPerson:
    born = data.get("date_of_birth") or ""
    return IncomingPerson(
        first_name=data.get("first_name", ""),
        last_name=data.get("last_name", ""),
        date_of_birth=date.fromisoformat(born) if born else None,
        sex=data.get("sex", ""),
        postcode=data.get("postcode", ""),
        address_line=data.get("address_line", ""),
        nhs_number=data.get("nhs_number", ""),
        upn=data.get("upn", ""),
    )


# --- The model in use -------------------------------------------------------------------


def linkage_model_current() -> LinkageModel:
    model = LinkageModel.objects.order_by("-version").first()
    if model is None:
        raise LinkageError(NO_MODEL)
    return model


@lru_cache(maxsize=4)
def _scorer(model_id: int, version: int) -> ScoringModel:
    # Keyed by id and version: a retrained model is a new row, read once per process.
    return ScoringModel(LinkageModel.objects.get(pk=model_id).settings)


def scorer_for(model: LinkageModel) -> ScoringModel:
    return _scorer(model.pk, model.version)


def linkage_model_save(
    *,
    settings: dict[str, Any],
    training: dict[str, Any],
    link_threshold: float,
    review_threshold: float,
) -> LinkageModel:
    """Store a trained model as the next version (the one in use from now on)."""
    ScoringModel(settings)  # refuses settings whose comparisons differ from the code's
    with transaction.atomic():
        latest = LinkageModel.objects.select_for_update().order_by("-version").first()
        model = LinkageModel(
            version=(latest.version + 1) if latest else 1,
            settings=settings,
            link_threshold=link_threshold,
            review_threshold=review_threshold,
            trained_at=timezone.now(),
            training=training,
        )
        model.full_clean()
        model.save()
        audit_record(
            action=Action.CREATE,
            object_type="linkage.linkagemodel",
            object_id=model.pk,
            details={"version": model.version, **training},
        )
    return model


# --- Decisions already made by reviewers ----------------------------------------------


@dataclass
class _Known:
    confirmed: int | None = None  # the person a reviewer confirmed for this fingerprint
    rejected: frozenset[int] = frozenset()
    pending: dict[int, int] | None = None  # candidate id -> pending review id


def _known_decisions(fingerprints: Sequence[str]) -> dict[str, _Known]:
    known: dict[str, _Known] = {}
    reviews = MatchReview.objects.filter(incoming_fingerprint__in=set(fingerprints)).order_by(
        "decided_at", "pk"
    )
    for fp, candidate_id, status, person_id, review_id in reviews.values_list(
        "incoming_fingerprint", "candidate_id", "status", "person_id", "pk"
    ):
        entry = known.setdefault(fp, _Known(pending={}))
        if status == MatchReview.Status.CONFIRMED and person_id is not None:
            entry.confirmed = person_id
        elif status == MatchReview.Status.REJECTED:
            entry.rejected = entry.rejected | {candidate_id}
        elif status == MatchReview.Status.PENDING and entry.pending is not None:
            entry.pending[candidate_id] = review_id
    return known


# --- Creating people ---------------------------------------------------------------------


def _nhs_numbers_held(incomings: Sequence[IncomingPerson]) -> set[str]:
    numbers = {normalise_nhs_number(i.nhs_number) for i in incomings} - {""}
    if not numbers:
        return set()
    held = Person.objects.filter(nhs_number__in=numbers).values_list("nhs_number", flat=True)
    return {number for number in held if number}


def _new_person(incoming: IncomingPerson, nhs_numbers_held: set[str]) -> Person:
    """A Person from a partner's record (validated, search keys set), not yet saved."""
    born = incoming.date_of_birth
    nhs = normalise_nhs_number(incoming.nhs_number) or None
    if nhs and not nhs_number_is_valid(nhs):
        nhs = None  # a mistyped number helped the match; it is not stored as theirs
    upn = normalise_upn(incoming.upn)
    if upn and not upn_is_valid(upn):
        upn = ""
    if nhs in nhs_numbers_held:
        # The number is someone else's: a reviewer rejected that match or the scores were
        # low. Keep the new person without it rather than guess which record is wrong.
        nhs = None
    person = Person(
        first_name=incoming.first_name.strip()[:100],
        last_name=incoming.last_name.strip()[:100],
        date_of_birth=born,
        sex=incoming.sex if incoming.sex in ("M", "F") else codes.Sex.UNKNOWN,
        nhs_number=nhs,
        upn=upn,
        is_child=born is None or (timezone.localdate() - born).days < 18 * 365.25,
        **search_keys_for(incoming.first_name, incoming.last_name),
    )
    try:
        # Field checks only: uniqueness of the NHS number is settled above, and the one check
        # constraint (death not before birth) cannot fail without a date of death; Django
        # would ask the database for each, a query per person in a 100,000-row file.
        person.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise LinkageError(" ".join(messages), field=field) from error
    return person


def person_create_from_incoming(
    *,
    incoming: IncomingPerson,
    authority: Authority,
    source: str,
    route: str = PersonSource.Route.NO_MATCH,
) -> Person:
    """Record a person the authority did not know, and where they came from."""
    _validate(incoming)
    with transaction.atomic():
        person = _new_person(incoming, _nhs_numbers_held([incoming]))
        person.save()
        PersonSource.objects.create(
            person=person,
            authority=authority,
            source=source[:200],
            route=route,
            postcode=normalise_postcode(incoming.postcode)[:8],
            address_line=incoming.address_line[:200],
        )
        audit_record(
            action=Action.CREATE,
            object_type="people.person",
            object_id=person.pk,
            child_id=person.pk,
            details={"linkage": route, "source": source},
        )
    return person


# --- Online mode -----------------------------------------------------------------------


def score_candidates(
    prepared: Prepared, scorer: ScoringModel, *, exclude: frozenset[int] = frozenset()
) -> list[tuple[Scored, PairScore]]:
    """Every blocked candidate of one prepared incoming record, scored."""
    result = []
    for record in index_records_matching(candidate_filters(prepared)):
        if int(record["unique_id"]) not in exclude and is_blocked_pair(prepared, record):
            score = scorer.score(prepared, record)
            result.append((_scored(int(record["unique_id"]), score), score))
    return result


def person_link(*, incoming: IncomingPerson, authority: Authority, source: str) -> MatchOutcome:
    """Link one incoming person (online mode: indexed candidates, the current model; the
    model is never retrained here)."""
    _validate(incoming)
    model = linkage_model_current()
    scorer = scorer_for(model)
    fingerprint = incoming_fingerprint(incoming)
    with transaction.atomic():
        known = _known_decisions([fingerprint]).get(fingerprint, _Known(pending={}))
        if known.confirmed is not None:
            _audit_linked(known.confirmed, source, None, reused=True)
            return MatchOutcome("linked", known.confirmed, None, None)
        prepared = prepare_incoming(incoming)
        scored = score_candidates(prepared, scorer, exclude=known.rejected)
        outcome = decide(
            [s for s, _ in scored],
            link_threshold=model.link_threshold,
            review_threshold=model.review_threshold,
        )
        if outcome.decision == "linked" and outcome.best is not None:
            _audit_linked(outcome.best.person_id, source, outcome.best.match_probability)
            return MatchOutcome(
                "linked", outcome.best.person_id, None, outcome.best.match_probability
            )
        if outcome.decision == "review" and outcome.best is not None:
            best = outcome.best
            review_id = (known.pending or {}).get(best.person_id)
            if review_id is None:
                pair = next(score for s, score in scored if s.person_id == best.person_id)
                review_id = _create_reviews(
                    [(incoming, fingerprint, best, pair)], model, authority, source
                )[0]
            return MatchOutcome("review", None, review_id, best.match_probability)
        person = person_create_from_incoming(incoming=incoming, authority=authority, source=source)
        best_probability = max((s.match_probability for s, _ in scored), default=None)
        return MatchOutcome("new", person.pk, None, best_probability)


def _audit_linked(
    person_id: int, source: str, probability: float | None, *, reused: bool = False
) -> None:
    audit_record(
        action=Action.READ,
        object_type="people.person",
        object_id=person_id,
        child_id=person_id,
        details={
            "linkage": "linked",
            "source": source,
            "match_probability": probability,
            "confirmed_by_review": reused,
        },
    )


def _create_reviews(
    rows: Sequence[tuple[IncomingPerson, str, Scored, PairScore]],
    model: LinkageModel,
    authority: Authority,
    source: str,
) -> list[int]:
    reviews = MatchReview.objects.bulk_create(
        [
            MatchReview(
                authority=authority,
                source=source[:200],
                incoming=incoming_as_json(incoming),
                incoming_fingerprint=fingerprint,
                candidate_id=best.person_id,
                model=model,
                match_probability=best.match_probability,
                match_weight=score.match_weight,
                comparison_weights=score.as_json(),
            )
            for incoming, fingerprint, best, score in rows
        ]
    )
    audit_append(
        [
            AuditRecord(
                action=Action.CREATE,
                object_type="linkage.matchreview",
                object_id=str(review.pk),
                child_id=review.candidate_id,
                details={"source": source, "match_probability": review.match_probability},
            )
            for review in reviews
        ]
    )
    return [review.pk for review in reviews]


# --- Batch mode ----------------------------------------------------------------------------


# Rows whose candidate filters are asked in one query: a few thousand values at the most, well
# inside SQLite's limit on a statement's parameters.
INDEX_SLICE = 400


def _index_for_batch(prepared: Sequence[Prepared]) -> list[Prepared]:
    """The people any row of the batch could be paired with, not the whole index: reading all
    of a city's people for every chunk of a partner file cost most of the import's memory and
    time (bench/partner_import.py)."""
    found: dict[int, Prepared] = {}
    for start in range(0, len(prepared), INDEX_SLICE):
        filters = batch_candidate_filters(prepared[start : start + INDEX_SLICE])
        for record in index_records_matching(filters):
            found[int(record["unique_id"])] = record
    return [found[person_id] for person_id in sorted(found)]


def person_link_batch(
    *, incomings: Sequence[IncomingPerson], authority: Authority, source: str
) -> list[MatchOutcome]:
    """Link many incoming people at once (batch mode: Splink scores the file against the
    whole index with the current model). Rows stating the same identity get one outcome.
    Invalid rows raise `LinkageError` naming the row before anything is written."""
    from . import splink_model

    for row, incoming in enumerate(incomings, start=1):
        _validate(incoming, row=row)
    model = linkage_model_current()
    if not incomings:
        return []
    fingerprints = [incoming_fingerprint(i) for i in incomings]
    first_row: dict[str, int] = {}
    for n, fp in enumerate(fingerprints):
        first_row.setdefault(fp, n)
    unique_rows = sorted(first_row.values())
    prepared = [prepare_incoming(incomings[n], unique_id=n) for n in unique_rows]
    index = _index_for_batch(prepared)
    pairs = splink_model.predict_pairs(
        prepared,
        index,
        model.settings,
        threshold_match_probability=model.review_threshold / 2,
    )
    by_id = {int(p["unique_id"]): p for p in prepared}
    known_by_id = {int(p["unique_id"]): p for p in index}
    scored: dict[int, list[Scored]] = {}
    for left, right, weight, probability in pairs[
        ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    ].itertuples(index=False):
        n, person_id = int(left), int(right)
        # The twin rule matters only where a link is possible; it is read with the very
        # function the online mode uses.
        twin = probability >= model.link_threshold and needs_a_person(
            by_id[n], known_by_id[person_id]
        )
        scored.setdefault(n, []).append(Scored(person_id, float(probability), float(weight), twin))

    with transaction.atomic():
        known = _known_decisions(list(first_row))
        decided: dict[str, MatchOutcome] = {}
        linked_people: list[int] = []
        reused_links = 0
        to_review: list[tuple[IncomingPerson, str, Scored, PairScore]] = []
        to_create: list[tuple[str, IncomingPerson, float | None]] = []
        scorer = scorer_for(model)
        for n in unique_rows:
            fp, incoming = fingerprints[n], incomings[n]
            entry = known.get(fp, _Known(pending={}))
            if entry.confirmed is not None:
                decided[fp] = MatchOutcome("linked", entry.confirmed, None, None)
                linked_people.append(entry.confirmed)
                reused_links += 1
                continue
            outcome = decide(
                scored.get(n, []),
                link_threshold=model.link_threshold,
                review_threshold=model.review_threshold,
                rejected=entry.rejected,
            )
            best = outcome.best
            if outcome.decision == "linked" and best is not None:
                decided[fp] = MatchOutcome("linked", best.person_id, None, best.match_probability)
                linked_people.append(best.person_id)
            elif outcome.decision == "review" and best is not None:
                pending = (entry.pending or {}).get(best.person_id)
                if pending is not None:
                    decided[fp] = MatchOutcome("review", None, pending, best.match_probability)
                else:
                    candidate = known_by_id[best.person_id]
                    to_review.append((incoming, fp, best, scorer.score(by_id[n], candidate)))
            else:
                top = max((s.match_probability for s in scored.get(n, [])), default=None)
                to_create.append((fp, incoming, top))
        for (_, fp, best, _), review_id in zip(
            to_review, _create_reviews(to_review, model, authority, source), strict=True
        ):
            decided[fp] = MatchOutcome("review", None, review_id, best.match_probability)
        created = _create_people([i for _, i, _ in to_create], authority, source)
        for (fp, _, top), person in zip(to_create, created, strict=True):
            decided[fp] = MatchOutcome("new", person.pk, None, top)
        # Every person and review written has its own entry (above). The links are one
        # entry for the file: a row per linked child would double the writes of a nightly
        # file, and whatever the hub then records about each child is audited with it.
        audit_append(
            [
                AuditRecord(
                    action=Action.READ,
                    object_type="linkage.batch",
                    details={
                        "source": source,
                        "rows": len(incomings),
                        "linked": len(linked_people),
                        "linked_by_review_decision": reused_links,
                        "reviews": sum(1 for o in decided.values() if o.decision == "review"),
                        "new_people": len(created),
                    },
                )
            ]
        )
    return [decided[fp] for fp in fingerprints]


def _create_people(
    incomings: Sequence[IncomingPerson], authority: Authority, source: str
) -> list[Person]:
    if not incomings:
        return []
    held = _nhs_numbers_held(incomings)
    people = [_new_person(i, held) for i in incomings]
    # Two rows of one file may carry one NHS number under different identities: the first
    # keeps it (the column is unique).
    seen: set[str] = set()
    for person in people:
        if person.nhs_number:
            if person.nhs_number in seen:
                person.nhs_number = None
            else:
                seen.add(person.nhs_number)
    Person.objects.bulk_create(people, batch_size=2000)
    PersonSource.objects.bulk_create(
        [
            PersonSource(
                person=person,
                authority=authority,
                source=source[:200],
                route=PersonSource.Route.NO_MATCH,
                postcode=normalise_postcode(incoming.postcode)[:8],
                address_line=incoming.address_line[:200],
            )
            for person, incoming in zip(people, incomings, strict=True)
        ],
        batch_size=2000,
    )
    audit_append(
        [
            AuditRecord(
                action=Action.CREATE,
                object_type="people.person",
                object_id=str(person.pk),
                child_id=person.pk,
                details={"linkage": PersonSource.Route.NO_MATCH, "source": source},
            )
            for person in people
        ]
    )
    return people


# --- Review decisions --------------------------------------------------------------------


def register_review_decided(callback: ReviewDecidedCallback) -> None:
    """Run `callback(review_id, person_id)` inside the deciding transaction after a reviewer
    confirms (person_id is the candidate) or rejects (person_id is a newly created person)."""
    if callback not in _review_decided_callbacks:
        _review_decided_callbacks.append(callback)


def _decide_review(
    *,
    review: MatchReview,
    decided_by: User,
    reason: str,
    status: str,
    request: HttpRequest | None = None,
) -> MatchReview:
    reason = reason.strip()
    if not reason:
        raise LinkageError(REASON_REQUIRED, field="reason")
    with transaction.atomic():
        review = MatchReview.objects.select_for_update().get(pk=review.pk)
        if review.status != MatchReview.Status.PENDING:
            raise LinkageError(
                REVIEW_ALREADY_DECIDED.format(status=review.get_status_display().lower())
            )
        if status == MatchReview.Status.CONFIRMED:
            person_id = review.candidate_id
        else:
            person_id = person_create_from_incoming(
                incoming=incoming_from_json(review.incoming),
                authority=review.authority,
                source=review.source,
                route=PersonSource.Route.REVIEW_REJECTED,
            ).pk
        review.status = status
        review.person_id = person_id
        review.decided_at = timezone.now()
        review.decided_by = decided_by
        review.reason = reason
        review.full_clean()
        review.save()
        audit_record(
            action=Action.UPDATE,
            actor=decided_by,
            request=request,
            object_type="linkage.matchreview",
            object_id=review.pk,
            child_id=review.candidate_id,
            reason=reason,
            details={"decision": status, "person_id": person_id},
        )
        for callback in list(_review_decided_callbacks):
            callback(review.pk, person_id)
    return review


def match_review_confirm(
    *, review: MatchReview, decided_by: User, reason: str, request: HttpRequest | None = None
) -> MatchReview:
    """The incoming record is the candidate: link it, now and whenever it comes again."""
    return _decide_review(
        review=review,
        decided_by=decided_by,
        reason=reason,
        status=MatchReview.Status.CONFIRMED,
        request=request,
    )


def match_review_reject(
    *, review: MatchReview, decided_by: User, reason: str, request: HttpRequest | None = None
) -> MatchReview:
    """The incoming record is someone else: record them as a new person; the pair is never
    linked automatically again."""
    return _decide_review(
        review=review,
        decided_by=decided_by,
        reason=reason,
        status=MatchReview.Status.REJECTED,
        request=request,
    )
