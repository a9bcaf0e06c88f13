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
- otherwise: a new person, recorded with the source it came from and the nearest candidates
  it was not linked to, each with its score and the comparisons that told against it
  (`RejectedCandidate`), so a duplicate made by a near miss can be found and explained.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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

from .blocking import batch_candidate_filters, candidate_lookups, is_blocked_pair
from .comparisons import COMPARISONS, Prepared, comparison_levels, prepare
from .index import index_records, index_records_looked_up
from .models import LinkageModel, MatchReview, PersonSource, RejectedCandidate
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
    # The NHS number or UPN agrees exactly and the date of birth agrees, or is a day/month
    # swap or one typed digit from it: twins never share an NHS number, so the record is
    # about this child whoever else resembles it (`decide`).
    identified: bool = False
    # The date of birth agrees (or a swap or one digit from it) and a first name or surname
    # is alike: a known child whose record moved house and changed surname scores like this,
    # just under the review threshold (`REVIEW_BAND_FLOOR`).
    resembles: bool = False


_COMPARISON_AT = {comparison.name: n for n, comparison in enumerate(COMPARISONS)}
_EXACT = "exact"  # the identifier comparisons' agreeing level
# The date of birth's levels that a mistyped record of the same child shows.
_BORN_ALIKE = ("exact", "day and month swapped", "at most 1 edit")
# A name's levels that say nothing alike: a missing name is no evidence either way.
_NAME_UNLIKE = ("missing on either side", "all other")

# Below the review threshold a candidate is still put before a person, not passed over for a
# new person, when it scores at least this (a match weight of about -5.6) and `resembles`
# the record. On the development sets of `bench/linkage_data.py` (seeds 1, 3 and 4) every
# known child that became a duplicate scored 0.034 to 0.081 against the right child this
# way, while children the index does not hold resemble a known child (a namesake born the
# same day elsewhere) about as often per 0.01 of probability: at 0.02 the band caught all 5
# duplicates for 16 to 18 more reviews per 5,000 records (docs/linkage.md, "Measured").
REVIEW_BAND_FLOOR = 0.02
# Two candidates that could both link are told apart when the best outweighs each other by
# this many bits (odds of 256 to 1 on the same record): twins with names a sound apart (Jack
# and Jake) and a namesake in another home, when the record agrees exactly with one of them.
# The same child recorded twice scores alike on both and still goes to a person.
CLEAR_MARGIN_BITS = 8.0


def _level(levels: Sequence[int], comparison: str) -> str:
    at = _COMPARISON_AT[comparison]
    return COMPARISONS[at].levels[levels[at]].label


def _needs_a_person(levels: Sequence[int]) -> bool:
    identified = _level(levels, "nhs_number") == _EXACT or _level(levels, "upn") == _EXACT
    first_names_differ = _level(levels, "first_name") == "all other"
    # Not the same date nor one typed digit or a day/month swap away from it.
    born_apart = _level(levels, "date_of_birth") in ("at most 2 edits", "all other")
    return (first_names_differ or born_apart) and not identified


def _identified(levels: Sequence[int]) -> bool:
    by_number = _level(levels, "nhs_number") == _EXACT or _level(levels, "upn") == _EXACT
    return by_number and _level(levels, "date_of_birth") in _BORN_ALIKE


def _resembles(levels: Sequence[int]) -> bool:
    named_alike = (
        _level(levels, "first_name") not in _NAME_UNLIKE
        or _level(levels, "last_name") not in _NAME_UNLIKE
    )
    return _level(levels, "date_of_birth") in _BORN_ALIKE and named_alike


def needs_a_person(incoming: Prepared, candidate: Prepared) -> bool:
    """The twin and namesake rule: a pair whose NHS number and UPN do not agree exactly is
    never linked without a person, however high it scores, when

    - the first names disagree outright (twins and siblings share a surname, a home and,
      twins, a date of birth). "Outright" is the first-name comparison's last level, "all
      other": not the same name, a known form of it (Lottie for Charlotte, from
      `people.search_keys`), close in spelling, one letter different with the first letter
      kept (Ami for Amy), the same sound, or given in the surname field. So a nickname or a
      typo does not stop a link; names that merely rhyme (Mia and Pia) still do;
    - or the dates of birth are further apart than a typed digit or a day/month swap (a
      mother and daughter, or a father and son, of one name at one address share everything
      else).
    """
    return _needs_a_person(comparison_levels(incoming, candidate))


def _scored_from_levels(
    person_id: int, match_probability: float, match_weight: float, levels: Sequence[int]
) -> Scored:
    if match_probability < REVIEW_BAND_FLOOR:
        # No rule reads a pair this far off; both modes leave its facts unset alike.
        return Scored(person_id, match_probability, match_weight)
    return Scored(
        person_id,
        match_probability,
        match_weight,
        needs_review=_needs_a_person(levels),
        identified=_identified(levels),
        resembles=_resembles(levels),
    )


def scored_pair(
    person_id: int,
    match_probability: float,
    match_weight: float,
    incoming: Prepared,
    candidate: Prepared,
) -> Scored:
    """A pair Splink scored (batch), with the facts `decide` reads: the comparisons are read
    in Python only from `REVIEW_BAND_FLOOR` up, so a file's crowd of far candidates costs
    nothing, and the result is the online mode's (`_scored`) for the same pair."""
    if match_probability < REVIEW_BAND_FLOOR:
        return Scored(person_id, match_probability, match_weight)
    return _scored_from_levels(
        person_id, match_probability, match_weight, comparison_levels(incoming, candidate)
    )


def _scored(person_id: int, score: PairScore) -> Scored:
    return _scored_from_levels(person_id, score.match_probability, score.match_weight, score.levels)


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
    threshold and the twin rule does not hold (`needs_a_person`). When a second candidate
    may link too, the best links only if the record identifies it (NHS number or UPN and
    date of birth, `Scored.identified`) and no other, or, none being identified, it
    outweighs every other by `CLEAR_MARGIN_BITS`; otherwise (the same child recorded twice)
    a person decides rather than linking to either at random. A best candidate the record
    identifies links from the review threshold up, when no other there is identified too.
    Below the review threshold, the nearest candidate that `resembles` the record and scores
    at least `REVIEW_BAND_FLOOR` goes to review; only then is the record a new person. Ties
    break on the lower person id, so both modes agree.
    """
    ranked = sorted(
        (s for s in scored if s.person_id not in rejected),
        key=lambda s: (-s.match_probability, s.person_id),
    )
    if not ranked:
        return Decision("new", None)
    best = ranked[0]
    if best.match_probability < review_threshold:
        near = next(
            (s for s in ranked if s.match_probability >= REVIEW_BAND_FLOOR and s.resembles),
            None,
        )
        return Decision("new", None) if near is None else Decision("review", near)

    def may_link(candidate: Scored) -> bool:
        return candidate.match_probability >= link_threshold and not candidate.needs_review

    others_identified = any(
        other.identified for other in ranked[1:] if other.match_probability >= review_threshold
    )
    if may_link(best):
        rivals = [other for other in ranked[1:] if may_link(other)]
        if (
            not rivals
            or (best.identified and not others_identified)
            or (
                not best.identified
                and not others_identified
                and all(best.match_weight - r.match_weight >= CLEAR_MARGIN_BITS for r in rivals)
            )
        ):
            return Decision("linked", best)
    elif best.identified and not others_identified:
        return Decision("linked", best)
    return Decision("review", best)


# A candidate at 1 in 1,000 or more (a total match weight above about -10) is kept with the
# new person: every record has a crowd of namesakes and classmates far below that, while a
# true match that errors pushed under the review threshold (0.1) mostly stays above it when
# blocking finds it at all (a child blocking misses is no candidate, so nothing can be kept).
NEAR_CANDIDATE_FLOOR = 0.001
NEAR_CANDIDATES_KEPT = 5


def nearest_candidates(scored: Sequence[Scored]) -> list[Scored]:
    """The candidates kept with a person created from the record: at or above
    `NEAR_CANDIDATE_FLOOR`, the nearest `NEAR_CANDIDATES_KEPT`, in `decide`'s order (ties on
    the lower person id), so the online and batch modes keep the same ones."""
    near = [s for s in scored if s.match_probability >= NEAR_CANDIDATE_FLOOR]
    near.sort(key=lambda s: (-s.match_probability, s.person_id))
    return near[:NEAR_CANDIDATES_KEPT]


def told_against(comparison_weights: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The comparisons that counted against a pair (negative weight), most telling first
    (`PairScore.as_json()` or a review's stored weights)."""
    return sorted(
        (dict(w) for w in comparison_weights if w["match_weight"] < 0),
        key=lambda w: w["match_weight"],
    )


@dataclass(frozen=True)
class NearCandidate:
    """A known person the record came near but was not linked to, and why."""

    person_id: int
    match_probability: float
    match_weight: float
    reason: str  # RejectedCandidate.Reason
    told_against: list[dict[str, Any]]
    review_id: int | None = None  # the review whose reviewer rejected them


def _near_candidate(scored: Scored, score: PairScore, rejected: dict[int, int]) -> NearCandidate:
    review_id = rejected.get(scored.person_id)
    return NearCandidate(
        person_id=scored.person_id,
        match_probability=scored.match_probability,
        match_weight=scored.match_weight,
        # `decide` made a new person, so every candidate a reviewer did not reject scored
        # below the review threshold: none in the review band is passed over silently.
        reason=(
            RejectedCandidate.Reason.REVIEWER
            if review_id is not None
            else RejectedCandidate.Reason.BELOW_REVIEW
        ),
        told_against=told_against(score.as_json()),
        review_id=review_id,
    )


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
    # candidate id -> the review that rejected them / the review waiting about them
    rejected: dict[int, int] = field(default_factory=dict)
    pending: dict[int, int] = field(default_factory=dict)


def _known_decisions(fingerprints: Sequence[str]) -> dict[str, _Known]:
    known: dict[str, _Known] = {}
    reviews = MatchReview.objects.filter(incoming_fingerprint__in=set(fingerprints)).order_by(
        "decided_at", "pk"
    )
    for fp, candidate_id, status, person_id, review_id in reviews.values_list(
        "incoming_fingerprint", "candidate_id", "status", "person_id", "pk"
    ):
        entry = known.setdefault(fp, _Known())
        if status == MatchReview.Status.CONFIRMED and person_id is not None:
            entry.confirmed = person_id
        elif status == MatchReview.Status.REJECTED:
            entry.rejected[candidate_id] = review_id
        elif status == MatchReview.Status.PENDING:
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
    model: LinkageModel | None = None,
    near: Sequence[NearCandidate] = (),
) -> Person:
    """Record a person the authority did not know, where they came from, and the known
    people the record came near (`near`) with why none was them."""
    _validate(incoming)
    with transaction.atomic():
        person = _new_person(incoming, _nhs_numbers_held([incoming]))
        person.save()
        person_source = _person_source(person, incoming, authority, source, route, model)
        person_source.save()
        _record_rejected_candidates([(person_source, near)])
        audit_record(
            action=Action.CREATE,
            object_type="people.person",
            object_id=person.pk,
            child_id=person.pk,
            details=_created_details(route, source, near),
        )
    return person


def _person_source(
    person: Person,
    incoming: IncomingPerson,
    authority: Authority,
    source: str,
    route: str,
    model: LinkageModel | None,
) -> PersonSource:
    return PersonSource(
        person=person,
        authority=authority,
        source=source[:200],
        route=route,
        postcode=normalise_postcode(incoming.postcode)[:8],
        address_line=incoming.address_line[:200],
        incoming=incoming_as_json(incoming),
        model=model,
    )


def _created_details(route: str, source: str, near: Sequence[NearCandidate]) -> dict[str, Any]:
    # Ids only: the trail says which children the new person was told apart from, and the
    # linkage pages show who they are to those allowed to see.
    return {"linkage": route, "source": source, "near_candidates": [c.person_id for c in near]}


def _record_rejected_candidates(
    rows: Sequence[tuple[PersonSource, Sequence[NearCandidate]]],
) -> None:
    RejectedCandidate.objects.bulk_create(
        [
            RejectedCandidate(
                source=person_source,
                candidate_id=candidate.person_id,
                rank=rank,
                match_probability=candidate.match_probability,
                match_weight=candidate.match_weight,
                reason=candidate.reason,
                told_against=candidate.told_against,
                review_id=candidate.review_id,
            )
            for person_source, near in rows
            for rank, candidate in enumerate(near, start=1)
        ],
        batch_size=2000,
    )


# --- Online mode -----------------------------------------------------------------------


def score_candidates(
    prepared: Prepared, scorer: ScoringModel, *, exclude: frozenset[int] = frozenset()
) -> list[tuple[Scored, PairScore]]:
    """Every blocked candidate of one prepared incoming record, scored."""
    result = []
    score_against = scorer.scorer_against(prepared)
    for record in index_records_looked_up(candidate_lookups(prepared)):
        if int(record["unique_id"]) not in exclude and is_blocked_pair(prepared, record):
            score = score_against(record)
            result.append((_scored(int(record["unique_id"]), score), score))
    return result


def _model_for_online() -> LinkageModel:
    """The current model without its settings: a request needs its id, version and
    thresholds, and `scorer_for` reads the settings (the names' term frequencies make them
    the larger part of the row) once per process."""
    model = LinkageModel.objects.defer("settings", "training").order_by("-version").first()
    if model is None:
        raise LinkageError(NO_MODEL)
    return model


def person_link(*, incoming: IncomingPerson, authority: Authority, source: str) -> MatchOutcome:
    """Link one incoming person (online mode: indexed candidates, the current model; the
    model is never retrained here)."""
    _validate(incoming)
    model = _model_for_online()
    scorer = scorer_for(model)
    fingerprint = incoming_fingerprint(incoming)
    with transaction.atomic():
        known = _known_decisions([fingerprint]).get(fingerprint, _Known())
        if known.confirmed is not None:
            _audit_linked(known.confirmed, source, None, reused=True)
            return MatchOutcome("linked", known.confirmed, None, None)
        prepared = prepare_incoming(incoming)
        # Rejected candidates are scored too (decide leaves them out): a new person keeps
        # them among the candidates it was told apart from, as the batch mode does.
        scored = score_candidates(prepared, scorer)
        outcome = decide(
            [s for s, _ in scored],
            link_threshold=model.link_threshold,
            review_threshold=model.review_threshold,
            rejected=frozenset(known.rejected),
        )
        if outcome.decision == "linked" and outcome.best is not None:
            _audit_linked(outcome.best.person_id, source, outcome.best.match_probability)
            return MatchOutcome(
                "linked", outcome.best.person_id, None, outcome.best.match_probability
            )
        if outcome.decision == "review" and outcome.best is not None:
            best = outcome.best
            review_id = known.pending.get(best.person_id)
            if review_id is None:
                pair = next(score for s, score in scored if s.person_id == best.person_id)
                review_id = _create_reviews(
                    [(incoming, fingerprint, best, pair)], model, authority, source
                )[0]
            return MatchOutcome("review", None, review_id, best.match_probability)
        scores = {s.person_id: score for s, score in scored}
        near = [
            _near_candidate(s, scores[s.person_id], known.rejected)
            for s in nearest_candidates([s for s, _ in scored])
        ]
        person = person_create_from_incoming(
            incoming=incoming, authority=authority, source=source, model=model, near=near
        )
        return MatchOutcome("new", person.pk, None, _nearest_probability(near))


def _nearest_probability(near: Sequence[NearCandidate]) -> float | None:
    """A new person's outcome carries the nearest candidate's probability (None when none
    came within `NEAR_CANDIDATE_FLOOR`), the same in both modes."""
    return near[0].match_probability if near else None


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
# People read per query by id: well inside PostgreSQL's 65,535 bound parameters (statements
# are sent with their parameters apart, settings DATABASE_PREPARE).
ID_CHUNK = 10_000
# Past this share of the index, one streamed read of it all is cheaper than reading the
# candidates: a few hundred rows' surname and first-name sounds, taken as sets, already cover
# most of a town (400 rows' filters found 56% of 100,000 generated people), and every slice
# would read them again.
WHOLE_INDEX_SHARE = 0.25


def _index_for_batch(prepared: Sequence[Prepared]) -> list[Prepared]:
    """The people any row of the batch could be paired with, each read once: for a partner
    file's chunk a small part of the index (reading all of a city's people for every chunk
    cost most of an import's memory and time, bench/partner_import.py); for a large file,
    whose candidates cover much of the index, the whole index in one pass. Splink's blocking
    then pairs exactly, so the scores are the same either way (a test checks)."""
    people = Person.objects.count()
    wanted: set[int] = set()
    for start in range(0, len(prepared), INDEX_SLICE):
        filters = batch_candidate_filters(prepared[start : start + INDEX_SLICE])
        if not filters:
            continue
        ids = [Person.objects.filter(f).values_list("pk", flat=True) for f in filters]
        wanted.update(ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])
        if len(wanted) > WHOLE_INDEX_SHARE * people:
            return index_records()
    chosen = sorted(wanted)
    found: list[Prepared] = []
    for start in range(0, len(chosen), ID_CHUNK):
        found += index_records(chosen[start : start + ID_CHUNK])
    return found


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
        # Low enough for every candidate a new person keeps (and every review, with room
        # for the last digits Splink and the Python scorer may differ in).
        threshold_match_probability=min(NEAR_CANDIDATE_FLOOR, model.review_threshold / 2),
    )
    by_id = {int(p["unique_id"]): p for p in prepared}
    known_by_id = {int(p["unique_id"]): p for p in index}
    scored: dict[int, list[Scored]] = {}
    for left, right, weight, probability in pairs[
        ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    ].itertuples(index=False):
        n, person_id = int(left), int(right)
        scored.setdefault(n, []).append(
            scored_pair(
                person_id, float(probability), float(weight), by_id[n], known_by_id[person_id]
            )
        )

    with transaction.atomic():
        # In slices: one query for a 100,000-row file's fingerprints would bind more
        # parameters than PostgreSQL takes (65,535).
        unique_fingerprints = list(first_row)
        known: dict[str, _Known] = {}
        for start in range(0, len(unique_fingerprints), ID_CHUNK):
            known.update(_known_decisions(unique_fingerprints[start : start + ID_CHUNK]))
        decided: dict[str, MatchOutcome] = {}
        linked_people: list[int] = []
        reused_links = 0
        to_review: list[tuple[IncomingPerson, str, Scored, PairScore]] = []
        to_create: list[tuple[str, IncomingPerson, list[NearCandidate]]] = []
        scorer = scorer_for(model)
        for n in unique_rows:
            fp, incoming = fingerprints[n], incomings[n]
            entry = known.get(fp, _Known())
            if entry.confirmed is not None:
                decided[fp] = MatchOutcome("linked", entry.confirmed, None, None)
                linked_people.append(entry.confirmed)
                reused_links += 1
                continue
            outcome = decide(
                scored.get(n, []),
                link_threshold=model.link_threshold,
                review_threshold=model.review_threshold,
                rejected=frozenset(entry.rejected),
            )
            best = outcome.best
            if outcome.decision == "linked" and best is not None:
                decided[fp] = MatchOutcome("linked", best.person_id, None, best.match_probability)
                linked_people.append(best.person_id)
            elif outcome.decision == "review" and best is not None:
                pending = entry.pending.get(best.person_id)
                if pending is not None:
                    decided[fp] = MatchOutcome("review", None, pending, best.match_probability)
                else:
                    candidate = known_by_id[best.person_id]
                    to_review.append((incoming, fp, best, scorer.score(by_id[n], candidate)))
            else:
                # The comparisons are read with the online scorer, as for a review: the
                # same weights and labels whichever mode made the person.
                near = [
                    _near_candidate(
                        s, scorer.score(by_id[n], known_by_id[s.person_id]), entry.rejected
                    )
                    for s in nearest_candidates(scored.get(n, []))
                ]
                to_create.append((fp, incoming, near))
        for (_, fp, best, _), review_id in zip(
            to_review, _create_reviews(to_review, model, authority, source), strict=True
        ):
            decided[fp] = MatchOutcome("review", None, review_id, best.match_probability)
        created = _create_people([(i, near) for _, i, near in to_create], authority, source, model)
        for (fp, _, near), person in zip(to_create, created, strict=True):
            decided[fp] = MatchOutcome("new", person.pk, None, _nearest_probability(near))
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
    rows: Sequence[tuple[IncomingPerson, Sequence[NearCandidate]]],
    authority: Authority,
    source: str,
    model: LinkageModel,
) -> list[Person]:
    if not rows:
        return []
    incomings = [incoming for incoming, _ in rows]
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
    route = PersonSource.Route.NO_MATCH
    person_sources = PersonSource.objects.bulk_create(
        [
            _person_source(person, incoming, authority, source, route, model)
            for person, incoming in zip(people, incomings, strict=True)
        ],
        batch_size=2000,
    )
    _record_rejected_candidates(
        [(ps, near) for ps, (_, near) in zip(person_sources, rows, strict=True)]
    )
    audit_append(
        [
            AuditRecord(
                action=Action.CREATE,
                object_type="people.person",
                object_id=str(person.pk),
                child_id=person.pk,
                details=_created_details(route, source, near),
            )
            for person, (_, near) in zip(people, rows, strict=True)
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
            rejected = NearCandidate(
                person_id=review.candidate_id,
                match_probability=review.match_probability,
                match_weight=review.match_weight,
                reason=RejectedCandidate.Reason.REVIEWER,
                told_against=told_against(review.comparison_weights),
                review_id=review.pk,
            )
            person_id = person_create_from_incoming(
                incoming=incoming_from_json(review.incoming),
                authority=review.authority,
                source=review.source,
                route=PersonSource.Route.REVIEW_REJECTED,
                model=review.model,
                near=[rejected],
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
