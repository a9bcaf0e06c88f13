"""Write the generated authority with `bulk_create`, in batches, in one transaction.

Primary keys are handed out here (so rows can point at each other without reading anything
back), then the database's sequences are moved past them so that later inserts through the
services work (harmless on SQLite). Identifiers (NHS numbers, UPNs, authority child ids) are
handed out in the same fixed order, so the same seed gives the same identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import count, islice
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction

from safeguard.care import models as care_models
from safeguard.cases import models as case_models
from safeguard.cases.workflow.rules import ASSESSMENT_SECTIONS
from safeguard.common.references import reference_from_number
from safeguard.demo.logins import DEMO_LOGINS
from safeguard.front_door import models as front_door_models
from safeguard.organisation.models import Authority, Service, Team, Worker
from safeguard.people import models as people_models
from safeguard.people.identifiers import NHS_SEED_LIMIT, nhs_number_from_seed, upn_from_seed
from safeguard.people.search_keys import search_keys_for

from . import practice_texts
from .front_door import FrontDoorRows
from .organisation import Workforce
from .people import PENDING
from .records import AssessmentRow, CaseNoteRow, ChildHistory, ContactRow, VisitRow

BATCH = 2_000
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)


def assign_ids(
    workforce: Workforce,
    children: list[ChildHistory],
    la_code: str,
    *,
    unmatched: Sequence[ContactRow] = (),
) -> None:
    """Number every row that others point at, and hand out identifiers, in a fixed order.
    Contacts not matched to a child yet are numbered after every child's."""
    for i, service in enumerate(workforce.services, 1):
        service.id = i
    for i, team in enumerate(workforce.teams, 1):
        team.id = i
    for i, worker in enumerate(workforce.workers, 1):
        worker.id = i
    # Rows each kind of record holds, numbered from 1 per kind in the children's order.
    numbered = (
        "addresses", "contacts", "referrals", "assessments", "strategy_discussions",
        "enquiries", "conferences", "plans", "cin_plans", "care_periods",
    )  # fmt: skip
    counters = {kind: count(1) for kind in numbered}
    people = count(1)
    nhs = upn = child_id = 0
    for h in children:
        for p in h.people:
            p.id = next(people)
            if p.nhs_number == PENDING:
                # The NHS test range holds 900,000 numbers; beyond it, people go without.
                p.nhs_number = nhs_number_from_seed(nhs) if nhs < NHS_SEED_LIMIT else None
                nhs += 1
            if p.upn == PENDING:
                upn += 1
                p.upn = upn_from_seed(upn, la_code)
            if p.la_child_id == PENDING:
                child_id += 1
                p.la_child_id = f"NB{child_id:07d}"
        for kind in numbered:
            for row in getattr(h, kind):
                row.id = next(counters[kind])
    for contact in unmatched:
        contact.id = next(counters["contacts"])


def _id(row: Any) -> int | None:
    return None if row is None else int(row.id)


def _required(row: R | None) -> R:
    if row is None:
        raise ValueError("A required link was not filled in by the staffing stage.")
    return row


def _recorded(row: CaseNoteRow | VisitRow) -> dict[str, datetime]:
    """The timestamps of a note or visit: when it was written up, not when this runs."""
    if row.recorded_at is None:
        raise ValueError("A case note or visit has no write-up time (write_ups.time_write_ups).")
    return {"created_at": row.recorded_at, "updated_at": row.recorded_at}


@contextmanager
def _timestamps_as_given(model: type[models.Model]) -> Iterator[None]:
    """bulk_create stamps `auto_now` and `auto_now_add` fields with the time of writing,
    whatever the row says; while this is open, the model's rows keep the times given."""
    stamped = [
        (f, f.auto_now, f.auto_now_add)
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    for f, _, _ in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in stamped:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _batched(items: Iterable[R], size: int) -> Iterator[list[R]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Writer:
    """bulk_create rows table by table, with one progress bar for the whole stage.

    Rows arrive as dicts keyed by column (attname); each becomes a model instance built from
    positional arguments in `_meta.concrete_fields` order, which Django constructs about twice
    as fast as keyword arguments. The order is read from the model, so it follows any change
    to it; columns not given take the field's default.
    """

    def __init__(self, progress: Callable[[int], object]) -> None:
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.written: list[type[models.Model]] = []

    def write(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
        make = _positional(model)
        total = 0
        for batch in _batched(rows, BATCH):
            model._default_manager.bulk_create([make(row) for row in batch], batch_size=BATCH)
            total += len(batch)
            self.progress(len(batch))
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + total
        if model not in self.written:
            self.written.append(model)


def _positional(model: type[M]) -> Callable[[dict[str, Any]], M]:
    fields = model._meta.concrete_fields
    attnames = [f.attname for f in fields]
    defaults = {f.attname: f.get_default for f in fields}

    def make(row: dict[str, Any]) -> M:
        unknown = row.keys() - defaults.keys()
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        return model(*[row[a] if a in row else defaults[a]() for a in attnames])

    return make


@contextmanager
def _statements_not_logged() -> Iterator[None]:
    """With DEBUG on (the dev settings) Django keeps the SQL text of every statement it runs;
    for millions of rows that costs minutes and memory, so it is off while writing."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def write_everything(
    *,
    authority_name: str,
    la_code: str,
    child_population: int,
    workforce: Workforce,
    children: list[ChildHistory],
    front_door: FrontDoorRows,
    demo_password: str,
    progress: Callable[[int], object],
) -> dict[str, int]:
    """Write the authority and its history; return rows written per model."""
    w = Writer(progress)
    with _statements_not_logged(), transaction.atomic():
        authority = Authority.objects.create(
            name=authority_name, la_code=la_code, child_population=child_population
        )
        _organisation(w, authority, workforce)
        _people(w, children)
        _cases(w, children, front_door.unmatched)
        _front_door(w, front_door)
        _demo_logins(workforce, demo_password)
        _reset_sequences(w.written)
    return w.counts


def _organisation(w: Writer, authority: Authority, wf: Workforce) -> None:
    w.write(Service, (dict(id=s.id, authority_id=authority.id, name=s.name) for s in wf.services))
    w.write(
        Team,
        (
            dict(
                id=t.id, authority_id=authority.id, service_id=t.service.id, name=t.name,
                kind=t.kind, phone=t.phone, email=t.email,
            )
            for t in wf.teams
        ),
    )  # fmt: skip
    w.write(
        Worker,
        (
            dict(
                id=x.id, authority_id=authority.id, first_name=x.first_name, last_name=x.last_name,
                role=x.role, team_id=_id(x.team), registration_number=x.registration_number,
                full_time_equivalent=x.full_time_equivalent, is_agency=x.is_agency,
                started_on=x.started_on, left_on=x.left_on,
            )
            for x in wf.workers
        ),
    )  # fmt: skip
    teams = [Team(id=t.id, manager_id=_id(t.manager)) for t in wf.teams]
    Team.objects.bulk_update(teams, ["manager"], batch_size=BATCH)
    services = [Service(id=s.id, head_id=_id(s.head)) for s in wf.services]
    Service.objects.bulk_update(services, ["head"], batch_size=BATCH)


def _people(w: Writer, children: list[ChildHistory]) -> None:
    w.write(
        people_models.Person,
        (
            dict(
                id=p.id, first_name=p.first_name, last_name=p.last_name, known_as=p.known_as,
                date_of_birth=p.date_of_birth, expected_date_of_birth=p.expected_date_of_birth,
                sex=p.sex, ethnicity=p.ethnicity, nhs_number=p.nhs_number, upn=p.upn,
                upn_unknown_reason=p.upn_unknown_reason, la_child_id=p.la_child_id,
                is_child=p.is_child, **search_keys_for(p.first_name, p.last_name, p.known_as),
            )
            for h in children
            for p in h.people
        ),
    )  # fmt: skip
    w.write(
        people_models.PersonDisability,
        (dict(person_id=d.person.id, code=d.code) for h in children for d in h.disabilities),
    )
    w.write(
        people_models.Address,
        (
            dict(id=a.id, line_1=a.line_1, line_2=a.line_2, town="Northbridge", postcode=a.postcode)
            for h in children
            for a in h.addresses
        ),
    )
    w.write(
        people_models.Residence,
        (
            dict(
                person_id=r.person.id, address_id=r.address.id, kind=r.kind,
                start_date=r.start_date, end_date=r.end_date,
            )
            for h in children
            for r in h.residences
        ),
    )  # fmt: skip
    w.write(
        people_models.Relationship,
        (
            dict(
                person_id=r.person.id, relative_id=r.relative.id, kind=r.kind,
                has_parental_responsibility=r.has_parental_responsibility,
                start_date=r.start_date,
            )
            for h in children
            for r in h.relationships
        ),
    )  # fmt: skip


def _contact(c: ContactRow, child_id: int | None) -> dict[str, Any]:
    return dict(
        id=c.id, reference=reference_from_number(c.id), child_id=child_id,
        received_at=c.received_at, source=c.source, route=c.route, referrer=c.referrer,
        referrer_role=c.referrer_role, referrer_organisation=c.referrer_organisation,
        referrer_phone=c.referrer_phone, referrer_email=c.referrer_email,
        referrer_relationship=c.referrer_relationship, referrer_anonymous=c.referrer_anonymous,
        concerns=c.concerns, actions_taken=c.actions_taken, consent=c.consent,
        consent_reason=c.consent_reason, consent_override_reason=c.consent_override_reason,
        consent_overridden_at=c.consent_overridden_at,
        consent_overridden_by_id=_id(c.consent_overridden_by), urgency=c.urgency, rag=c.rag,
        child_as_described=c.child_as_described or {},
        household_as_described=c.household_as_described or [], address_line=c.address_line,
        postcode=c.postcode, team_id=_id(c.team), decision=c.decision, decided_at=c.decided_at,
        decided_by_id=_id(c.decided_by), decision_rationale=c.decision_rationale,
    )  # fmt: skip


def _assessment_sections(a: AssessmentRow) -> dict[str, str]:
    """The written assessment, every section a column (blank while it is being written)."""
    return {name: a.sections.get(name, "") for name in ASSESSMENT_SECTIONS}


def _cases(w: Writer, children: list[ChildHistory], unmatched: list[ContactRow]) -> None:
    cm = case_models
    w.write(cm.Contact, (_contact(c, h.child.id) for h in children for c in h.contacts))
    w.write(cm.Contact, (_contact(c, None) for c in unmatched))
    w.write(
        cm.Referral,
        (
            dict(
                id=r.id, child_id=h.child.id, contact_id=_id(r.contact),
                referral_date=r.referral_date, source=r.source, primary_need=r.primary_need,
                no_further_action=r.no_further_action, closure_date=r.closure_date,
                closure_reason=r.closure_reason, team_id=_required(r.team).id,
            )
            for h in children
            for r in h.referrals
        ),
    )  # fmt: skip
    w.write(
        cm.Assessment,
        (
            dict(
                id=a.id, referral_id=a.referral.id, child_id=h.child.id, worker_id=_id(a.worker),
                start_date=a.start_date, child_seen_date=a.child_seen_date,
                submitted_date=a.submitted_date, authorised_date=a.authorised_date,
                authorised_by_id=_id(a.authorised_by), factors=a.factors, outcome=a.outcome,
                **_assessment_sections(a),
            )
            for h in children
            for a in h.assessments
        ),
    )  # fmt: skip
    w.write(
        cm.StrategyDiscussion,
        (
            dict(
                id=s.id, referral_id=s.referral.id, child_id=h.child.id,
                discussion_date=s.discussion_date, agencies_present=s.agencies_present,
                section47_started=s.section47_started, rationale=s.rationale,
            )
            for h in children
            for s in h.strategy_discussions
        ),
    )  # fmt: skip
    w.write(
        cm.Section47Enquiry,
        (
            dict(
                id=e.id, referral_id=e.referral.id, child_id=h.child.id,
                strategy_discussion_id=e.strategy_discussion.id, start_date=e.start_date,
                completed_date=e.completed_date, outcome=e.outcome,
                conference_required=e.conference_required,
            )
            for h in children
            for e in h.enquiries
        ),
    )  # fmt: skip

    def conferences(kind: str) -> Iterator[dict[str, Any]]:
        for h in children:
            for c in h.conferences:
                if c.kind == kind:
                    yield dict(
                        id=c.id, kind=c.kind, referral_id=c.referral.id, child_id=h.child.id,
                        section47_enquiry_id=_id(c.enquiry), plan_id=_id(c.plan),
                        conference_date=c.conference_date, outcome=c.outcome,
                        chair_id=_id(c.chair), agencies_present=c.agencies_present,
                        reports_from=c.reports_from, attendees=c.attendees,
                        parents_participation=c.parents_participation,
                        child_participation=c.child_participation, plan_outline=c.plan_outline,
                        next_core_group_date=c.next_core_group_date,
                        next_review_date=c.next_review_date,
                    )  # fmt: skip

    # Initial conferences first: a plan points at its initial conference, a review at its plan.
    w.write(cm.ChildProtectionConference, conferences("initial"))
    w.write(
        cm.ChildProtectionPlan,
        (
            dict(
                id=p.id, child_id=h.child.id, referral_id=p.referral.id,
                initial_conference_id=p.initial_conference.id, start_date=p.start_date,
                end_date=p.end_date, initial_category=p.initial_category,
                latest_category=p.latest_category,
            )
            for h in children
            for p in h.plans
        ),
    )  # fmt: skip
    w.write(cm.ChildProtectionConference, conferences("review"))
    w.write(
        cm.CoreGroupMeeting,
        (
            dict(plan_id=g.plan.id, child_id=h.child.id, meeting_date=g.meeting_date, notes=g.notes)
            for h in children
            for g in h.core_groups
        ),
    )
    w.write(
        cm.ChildInNeedPlan,
        (
            dict(
                id=p.id, referral_id=p.referral.id, child_id=h.child.id,
                start_date=p.start_date, end_date=p.end_date,
            )
            for h in children
            for p in h.cin_plans
        ),
    )  # fmt: skip
    w.write(
        cm.ChildInNeedPlanReview,
        (
            dict(plan_id=r.plan.id, review_date=r.review_date)
            for h in children
            for r in h.cin_reviews
        ),
    )
    w.write(
        cm.LookedAfterPeriod,
        (
            dict(
                id=p.id, child_id=h.child.id, start_date=p.start_date, end_date=p.end_date,
                reason_ceased=p.reason_ceased, category_of_need=p.category_of_need,
                care_plan_date=p.care_plan_date, home_postcode=p.home_postcode,
            )
            for h in children
            for p in h.care_periods
        ),
    )  # fmt: skip
    w.write(
        cm.Placement,
        (
            dict(
                period_id=p.period.id, child_id=h.child.id, start_date=p.start_date,
                end_date=p.end_date, reason_new_episode=p.reason_new_episode,
                legal_status=p.legal_status, placement_type=p.placement_type,
                provider=p.provider, postcode=p.postcode,
                reason_place_change=p.reason_place_change, move_planned=p.move_planned,
                urn=p.urn, visiting_plan=p.visiting_plan,
                six_monthly_visits_agreed=p.six_monthly_visits_agreed,
            )
            for h in children
            for p in h.placements
        ),
    )  # fmt: skip
    w.write(
        cm.LookedAfterReview,
        (
            dict(
                period_id=r.period.id, child_id=h.child.id, review_date=r.review_date,
                participation=r.participation, iro_id=_id(r.iro),
                iro_recommendations=r.iro_recommendations,
            )
            for h in children
            for r in h.care_reviews
        ),
    )  # fmt: skip
    _write_health(w, children)
    w.write(
        care_models.MissingEpisode,
        (
            dict(
                child_id=h.child.id, period_id=r.period.id, kind=r.kind,
                start_date=r.start_date, end_date=r.end_date, found_at=r.found_at,
                rhi_offered=r.rhi_offered, rhi_accepted=r.rhi_accepted, rhi_date=r.rhi_date,
            )
            for h in children
            for r in h.missing
        ),
    )  # fmt: skip
    with _timestamps_as_given(cm.Visit):
        w.write(
            cm.Visit,
            (
                dict(
                    child_id=h.child.id, kind=v.kind, visit_date=v.visit_date,
                    child_seen=v.child_seen, seen_alone=v.seen_alone,
                    not_seen_reason=v.not_seen_reason, visited_by_id=_id(v.visited_by),
                    notes=v.notes, **_recorded(v),
                    **practice_texts.visit_details(
                        v, child=h.index, born=h.child.date_of_birth
                    ),
                )
                for h in children
                for v in h.visits
            ),
        )  # fmt: skip
    with _timestamps_as_given(cm.CaseNote):
        w.write(
            cm.CaseNote,
            (
                dict(
                    child_id=h.child.id, written_by_id=_id(n.written_by),
                    event_date=n.event_date, subject=n.subject, body=n.body, **_recorded(n),
                    **practice_texts.note_details(n),
                )
                for h in children
                for n in h.case_notes
            ),
        )  # fmt: skip
    w.write(
        cm.Allocation,
        (
            dict(
                child_id=h.child.id, team_id=a.team.id, worker_id=_id(a.worker),
                start_date=a.start_date, end_date=a.end_date, reason=a.reason,
                allocated_by_id=_id(a.allocated_by),
            )
            for h in children
            for a in h.allocations
        ),
    )  # fmt: skip


def _front_door(w: Writer, rows: FrontDoorRows) -> None:
    """The front door's working record on the waiting contacts. Information requests name
    their partner; `demo.partners` fills in its id once the partners exist."""
    fm = front_door_models
    w.write(
        fm.ContactRating,
        (
            dict(
                contact_id=r.contact.id, rating=r.rating, reason=r.reason,
                rated_by_id=r.rated_by.id, rated_at=r.rated_at,
            )
            for r in rows.ratings
        ),
    )  # fmt: skip
    w.write(
        fm.InformationRequest,
        (
            dict(
                contact_id=q.contact.id, agency=q.agency, asked_of=q.asked_of,
                question=q.question, requested_at=q.requested_at,
                requested_by_id=q.requested_by.id, answer=q.answer, answered_at=q.answered_at,
                answered_by=q.answered_by, recorded_by_id=_id(q.recorded_by),
            )
            for q in rows.requests
        ),
    )  # fmt: skip
    w.write(
        fm.ReferrerFeedback,
        (
            dict(
                contact_id=f.contact.id, outcome=f.outcome, method=f.method,
                given_at=f.given_at, given_by_id=f.given_by.id,
            )
            for f in rows.feedback
        ),
    )  # fmt: skip


def _demo_logins(workforce: Workforce, password: str) -> None:
    """One sign-in per role, each linked to its worker."""
    user_model = get_user_model()
    for login in DEMO_LOGINS:
        if login.partner:
            continue
        worker = workforce.demo_workers[login.username]
        user = user_model._default_manager.filter(username=login.username).first()
        if user is None:
            user = user_model(username=login.username)
        user.first_name = worker.first_name
        user.last_name = worker.last_name
        user.is_staff = login.superuser
        user.is_superuser = login.superuser
        user.set_password(password)
        user.save()
        Worker.objects.filter(pk=worker.id).update(user=user)


def _reset_sequences(written: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), written)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _write_health(w: Writer, children: list[ChildHistory]) -> None:
    """A looked-after child's health rows (`health.give_health`), one model per kind."""

    def rows(kind: str) -> Iterator[tuple[ChildHistory, Any]]:
        return ((h, r) for h in children for r in h.health if r.kind == kind)

    w.write(
        care_models.HealthAssessment,
        (
            dict(
                child_id=h.child.id, period_id=r.period.id, kind=r.assessment_kind,
                assessment_date=r.on, carried_out_by=r.carried_out_by, outcome=r.outcome,
            )
            for h, r in rows("assessment")
        ),
    )  # fmt: skip
    w.write(
        care_models.DentalCheck,
        (
            dict(child_id=h.child.id, period_id=r.period.id, check_date=r.on)
            for h, r in rows("dental")
        ),
    )  # fmt: skip
    w.write(
        care_models.ImmunisationStatus,
        (
            dict(
                child_id=h.child.id, period_id=r.period.id, recorded_on=r.on,
                up_to_date=r.up_to_date,
            )
            for h, r in rows("immunisation")
        ),
    )  # fmt: skip
    w.write(
        care_models.SdqScore,
        (
            dict(child_id=h.child.id, period_id=r.period.id, completed_on=r.on, score=r.score)
            for h, r in rows("sdq")
        ),
    )  # fmt: skip
