"""Every write to the improvement plan: a source added, a recommendation added, its status
changed, evidence added. Each is keyword-only, checks the plan's rules (`improvement.rules`),
writes in one transaction with its own audit entry, and writes nothing when refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguard.agencies.models import PartnerOrganisation
from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.case_audits.models import CaseAudit
from safeguard.common.types import AnyUser
from safeguard.organisation.models import Authority, Worker
from safeguard.performance.registry import INDICATORS

from . import rules
from .codes import EvidenceKind, Movement, SourceKind, Status
from .indicators import IndicatorReader
from .models import Evidence, ImprovementSource, Recommendation, StatusChange
from .rules import ImprovementRefused, Problem, refuse_if

__all__ = [
    "evidence_case_audit_add",
    "evidence_document_add",
    "evidence_indicator_add",
    "improvement_source_create",
    "recommendation_create",
    "recommendation_status_change",
]

NOT_IN_AUTHORITY = "{what} is not one of {authority}'s: choose from the list"


def _signed_in(user: AnyUser | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _full_clean(instance: Model, exclude: Sequence[str] = ()) -> None:
    """Model validation as the plan's rules: a message beside the field it names."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        raise ImprovementRefused(
            Problem(message, (name,))
            for name, messages in error.message_dict.items()
            for message in messages
        ) from None


def _audit(action: str, instance: Model, actor: AnyUser | None, **details: object) -> None:
    audit_record(
        action=action,
        actor=_signed_in(actor),
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        details=dict(details),
    )


def improvement_source_create(
    *,
    authority: Authority,
    kind: str,
    title: str,
    published_on: date,
    created_by: AnyUser | None,
    today: date | None = None,
) -> ImprovementSource:
    """A review, inspection, monitoring visit or audit whose recommendations the plan keeps."""
    today = today or timezone.localdate()
    source = ImprovementSource(
        authority=authority, kind=kind, title=" ".join(title.split()), published_on=published_on
    )
    problems = (
        [] if published_on <= today else [Problem(rules.PUBLISHED_IN_FUTURE, ("published_on",))]
    )
    refuse_if(problems)
    _full_clean(source)
    with transaction.atomic():
        source.save()
        _audit(Action.CREATE, source, created_by)
    return source


def recommendation_create(
    *,
    source: ImprovementSource,
    kind: str,
    reference: str,
    text: str,
    owner: Worker,
    agencies: Sequence[PartnerOrganisation],
    judgement_area: str,
    due_on: date,
    created_by: AnyUser | None,
    today: date | None = None,
) -> Recommendation:
    """One of the source's recommendations or areas for improvement, not started, with its
    owner (in the source's authority) and the partner agencies that share it."""
    today = today or timezone.localdate()
    reference = " ".join(reference.split())
    problems = rules.due_date_problems(
        due_on=due_on,
        published_on=source.published_on,
        source_kind=SourceKind(source.kind).label.lower()
        if source.kind in SourceKind.values
        else "source",
    )
    if owner.authority_id != source.authority_id:
        problems.append(
            Problem(
                NOT_IN_AUTHORITY.format(what="The owner", authority=source.authority.name),
                ("owner",),
            )
        )
    if any(agency.authority_id != source.authority_id for agency in agencies):
        problems.append(
            Problem(
                NOT_IN_AUTHORITY.format(what="A partner agency", authority=source.authority.name),
                ("agencies",),
            )
        )
    refuse_if(problems)
    recommendation = Recommendation(
        source=source,
        kind=kind,
        reference=reference,
        text=text.strip(),
        owner=owner,
        judgement_area=judgement_area,
        due_on=due_on,
        status=Status.NOT_STARTED,
        status_since=source.published_on,
    )
    if Recommendation.objects.filter(source=source, reference=reference).exists():
        raise ImprovementRefused(
            [
                Problem(
                    rules.REFERENCE_TAKEN.format(source=source.title, reference=reference),
                    ("reference",),
                )
            ]
        )
    _full_clean(recommendation)
    with transaction.atomic():
        recommendation.save()
        recommendation.agencies.set(agencies)
        StatusChange.objects.create(
            recommendation=recommendation,
            from_status="",
            to_status=Status.NOT_STARTED,
            changed_on=source.published_on,
            changed_by=_signed_in(created_by),
            recorded_at=timezone.now(),
        )
        _audit(Action.CREATE, recommendation, created_by)
    return recommendation


def _locked(recommendation: Recommendation) -> Recommendation:
    # Serialises changes to one recommendation: two people cannot both move "the" status.
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _evidence_counts(
    recommendation: Recommendation, reader: IndicatorReader, on: date
) -> tuple[int, int, int, int]:
    """Documents, completed audits, indicators moved towards their target on `on`, and
    indicators that have held that move `SUSTAINED_MONTHS` months."""
    documents = audits = moved = held = 0
    for evidence in recommendation.evidence.select_related("case_audit"):
        if evidence.kind == EvidenceKind.DOCUMENT:
            documents += 1
        elif evidence.kind == EvidenceKind.CASE_AUDIT:
            audits += (
                evidence.case_audit is not None and evidence.case_audit.completed_on is not None
            )
        else:
            assert evidence.baseline is not None and evidence.target is not None
            _, towards = reader.movement(
                slug=evidence.indicator, baseline=evidence.baseline, target=evidence.target, on=on
            )
            if towards is Movement.TOWARDS:
                moved += 1
                held += reader.held(
                    slug=evidence.indicator,
                    baseline=evidence.baseline,
                    target=evidence.target,
                    on=on,
                )
    return documents, audits, moved, held


def recommendation_status_change(
    *,
    recommendation: Recommendation,
    status: str,
    on: date,
    reason: str = "",
    changed_by: AnyUser | None,
    today: date | None = None,
) -> StatusChange:
    """Move the recommendation's status. Forward freely, but "evidenced" only with evidence
    and "sustained" only once evidenced long enough with an indicator that held; back only
    with the reason (rules.status_move_problems)."""
    today = today or timezone.localdate()
    if status not in Status.values:
        raise ImprovementRefused([Problem("Choose the new status", ("status",))])
    with transaction.atomic():
        locked = _locked(recommendation)
        reader = IndicatorReader(locked.source.authority)
        documents, audits, moved, held = _evidence_counts(locked, reader, on)
        refuse_if(
            rules.status_move_problems(current=locked.status, new=status, reason=reason)
            + rules.change_date_problems(on=on, last_change=locked.status_since, today=today)
        )
        refuse_if(
            rules.evidenced_needs_evidence(
                new=status, documents=documents, completed_audits=audits, indicators_moved=moved
            )
            + rules.sustained_needs_held(
                new=status,
                current=locked.status,
                evidenced_since=locked.status_since if locked.status == Status.EVIDENCED else None,
                today=on,
                indicators_held=held,
            )
        )
        change = StatusChange.objects.create(
            recommendation=locked,
            from_status=locked.status,
            to_status=status,
            changed_on=on,
            reason=reason.strip(),
            changed_by=_signed_in(changed_by),
            recorded_at=timezone.now(),
        )
        locked.status = status
        locked.status_since = on
        locked.save(update_fields=["status", "status_since", "updated_at"])
        _audit(Action.UPDATE, locked, changed_by, from_status=change.from_status, to_status=status)
    recommendation.refresh_from_db()
    return change


def _evidence_save(
    evidence: Evidence, added_by: AnyUser | None, exclude: Sequence[str] = ()
) -> Evidence:
    _full_clean(evidence, exclude)
    with transaction.atomic():
        evidence.save()
        _audit(Action.CREATE, evidence, added_by, kind=evidence.kind)
    return evidence


def evidence_document_add(
    *,
    recommendation: Recommendation,
    title: str,
    document: File[bytes],
    added_by: AnyUser | None,
    today: date | None = None,
) -> Evidence:
    """A document as evidence (a board paper, an audit report, training records), checked to
    be the kind of file its name says and kept in the default storage."""
    name = str(document.name or "")
    document.seek(0)
    head = document.read(8)
    document.seek(0)
    refuse_if(rules.document_problems(name=name, size=document.size or 0, head=head))
    evidence = Evidence(
        recommendation=recommendation,
        kind=EvidenceKind.DOCUMENT,
        title=" ".join(title.split()) or name,
        added_on=today or timezone.localdate(),
        added_by=_signed_in(added_by),
    )
    _full_clean(evidence, exclude=["document"])
    with transaction.atomic():
        # The file is written with the row: a refusal after this point rolls both back (the
        # storage's orphan, if any, holds nothing a reader can reach).
        evidence.document.save(name.rsplit("/", 1)[-1], document, save=False)
        evidence.save()
        _audit(Action.CREATE, evidence, added_by, kind=evidence.kind)
    return evidence


def evidence_case_audit_add(
    *,
    recommendation: Recommendation,
    case_audit: CaseAudit,
    title: str,
    added_by: AnyUser | None,
    today: date | None = None,
) -> Evidence:
    """A completed case audit's result as evidence: the audit stays where it is, and the plan
    shows its grade and date, never the child's record."""
    refuse_if(
        rules.audit_problems(started_on=case_audit.started_on, completed_on=case_audit.completed_on)
    )
    if case_audit.team.authority_id != recommendation.source.authority_id:
        raise ImprovementRefused(
            [
                Problem(
                    NOT_IN_AUTHORITY.format(
                        what="The case audit", authority=recommendation.source.authority.name
                    ),
                    ("case_audit",),
                )
            ]
        )
    return _evidence_save(
        Evidence(
            recommendation=recommendation,
            kind=EvidenceKind.CASE_AUDIT,
            title=" ".join(title.split()) or f"Case audit completed {case_audit.completed_on}",
            case_audit=case_audit,
            added_on=today or timezone.localdate(),
            added_by=_signed_in(added_by),
        ),
        added_by,
    )


def evidence_indicator_add(
    *,
    recommendation: Recommendation,
    indicator: str,
    baseline: Decimal,
    baseline_on: date,
    target: Decimal,
    title: str = "",
    added_by: AnyUser | None,
    today: date | None = None,
) -> Evidence:
    """An indicator of the performance registry, with where it stood (baseline, on a day) and
    where the plan means it to be: the plan reads its current value from the record."""
    today = today or timezone.localdate()
    if indicator not in INDICATORS:
        raise ImprovementRefused([Problem(rules.UNKNOWN_INDICATOR, ("indicator",))])
    refuse_if(
        rules.indicator_problems(
            baseline=baseline, baseline_on=baseline_on, target=target, today=today
        )
    )
    return _evidence_save(
        Evidence(
            recommendation=recommendation,
            kind=EvidenceKind.INDICATOR,
            title=" ".join(title.split()) or INDICATORS[indicator].title,
            indicator=indicator,
            baseline=baseline,
            baseline_on=baseline_on,
            target=target,
            added_on=today,
            added_by=_signed_in(added_by),
        ),
        added_by,
    )
