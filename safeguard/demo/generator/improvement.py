"""The demo authority's improvement plan (issue 17, part 5): a journey like the 2010
statement's, over the five years to `as_of`.

- A child safeguarding practice review published five years ago with 12 recommendations, 10
  implemented by now (most evidenced, some sustained) and 2 still in progress.
- 28 areas for improvement the council found itself, at every stage: sustained, evidenced,
  implemented, in progress (some overdue) and not started (some due soon: at risk).
- An Ofsted inspection four years ago and two monitoring visits after it, each with a few.
- Evidence behind the work: generated documents (board papers, audit reports, as small PDFs),
  the case audits the case-audits demo completed (read from the database, shown by grade and
  date only), and indicators of the performance registry whose baselines are the demo
  record's own figure on the baseline day, so "moved towards the target" is what the record
  shows, never a made-up number.

Everything goes through the plan's services with their rules: a recommendation the rules
will not let be evidenced or sustained stays where it is. Generated text only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from safeguard.agencies.models import PartnerOrganisation
from safeguard.case_audits.models import CaseAudit
from safeguard.demo.generator.streams import between, chance, substream
from safeguard.improvement import services
from safeguard.improvement.codes import JudgementArea, RecommendationKind, SourceKind, Status
from safeguard.improvement.indicators import IndicatorReader
from safeguard.improvement.models import Evidence, ImprovementSource, Recommendation, StatusChange
from safeguard.improvement.rules import ImprovementRefused
from safeguard.organisation.models import Authority, Worker
from safeguard.timescales.working_days import add_months

# Who keeps the plan in the demo: the head of service.
KEEPER = "hos.demo"
PRACTICE_REVIEW_RECOMMENDATIONS = 12
PRACTICE_REVIEW_IN_PROGRESS = 2
AREAS_FOR_IMPROVEMENT = 28

A = JudgementArea
# Indicators that bear on each judgement area (performance.registry's keys).
INDICATORS: dict[str, tuple[str, ...]] = {
    A.HELP_AND_PROTECTION: ("cp_visits", "re_referrals", "cp_seen_alone", "assessments"),
    A.CHILDREN_IN_CARE: ("lac_visits", "lac_reviews_on_time", "lac_health_assessments_on_time"),
    A.CARE_LEAVERS: ("care_leavers_in_touch",),
    A.LEADERS: ("unallocated", "caseload"),
}

PRACTICE_REVIEW = (
    (
        A.HELP_AND_PROTECTION,
        "Every child on a child protection plan is seen, and seen alone, at each statutory visit,"
        " and what the child says is recorded in their own words.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Strategy discussions include the police, health and the child's school, and their "
        "decisions are recorded with reasons on the day.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Assessments consider the history of the household, including adults who come and go, and"
        " are completed within 45 working days.",
    ),
    (
        A.LEADERS,
        "Team managers record their oversight of every open case at least monthly, with the "
        "decisions made and their reasons.",
    ),
    (
        A.LEADERS,
        "Caseloads are kept at a level that lets social workers visit and know their children: "
        "the service reports them to the board monthly.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Concerns raised more than once by partner agencies are recognised as a pattern and lead "
        "to a multi-agency review of the child's plan.",
    ),
    (
        A.LEADERS,
        "The safeguarding partnership's multi-agency training covers neglect, the lived "
        "experience of the child and professional challenge.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Child protection conferences are held within 15 working days of the strategy discussion "
        "that started the enquiry.",
    ),
    (
        A.LEADERS,
        "An escalation policy lets any practitioner challenge a decision about a child, and its "
        "use is reported to the partnership.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Re-referrals within twelve months are audited each quarter to learn why help did not "
        "last.",
    ),
    (
        A.LEADERS,
        "Supervision of social workers is regular, reflective and recorded, and its quality is "
        "audited.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Plans set out what must change for the child, by when and who will do it, in words the "
        "family understands.",
    ),
)

COUNCIL_AREAS = (
    (
        A.HELP_AND_PROTECTION,
        "Return home interviews are offered to every child within 72 hours of their return.",
    ),
    (A.HELP_AND_PROTECTION, "The front door decides every contact within one working day."),
    (A.HELP_AND_PROTECTION, "Children in need plans are reviewed at least every three months."),
    (
        A.HELP_AND_PROTECTION,
        "Pre-birth assessments start early enough to plan before the baby is born.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Domestic abuse notifications from the police are screened the day they arrive.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Disabled children's needs for protection are assessed as thoroughly as other children's.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Children at risk of exploitation outside the home have a plan agreed by all agencies.",
    ),
    (
        A.HELP_AND_PROTECTION,
        "Step down to family help is planned with the family and the lead practitioner.",
    ),
    (A.HELP_AND_PROTECTION, "Chronologies are kept up to date on every child protection case."),
    (
        A.HELP_AND_PROTECTION,
        "Core groups meet at least every six weeks and record progress against the plan.",
    ),
    (
        A.CHILDREN_IN_CARE,
        "Children in care are visited within the statutory timescales and seen alone.",
    ),
    (A.CHILDREN_IN_CARE, "Looked after reviews are held on time and children take part in them."),
    (A.CHILDREN_IN_CARE, "Health assessments for children in care are completed on time."),
    (A.CHILDREN_IN_CARE, "Personal education plans are reviewed each term."),
    (
        A.CHILDREN_IN_CARE,
        "Brothers and sisters in care live together wherever that is right for them.",
    ),
    (A.CHILDREN_IN_CARE, "Fewer children live in children's homes rated inadequate by Ofsted."),
    (A.CHILDREN_IN_CARE, "Permanence is planned by the second looked after review."),
    (
        A.CHILDREN_IN_CARE,
        "Children in care have an independent visitor or advocate if they want one.",
    ),
    (A.CARE_LEAVERS, "The council stays in touch with every care leaver aged 19 to 21."),
    (A.CARE_LEAVERS, "Every care leaver has a pathway plan written with them."),
    (
        A.CARE_LEAVERS,
        "Care leavers have suitable accommodation, and none lives in bed and breakfast.",
    ),
    (A.CARE_LEAVERS, "More care leavers are in education, employment or training."),
    (
        A.LEADERS,
        "Agency social workers are replaced by permanent staff as the recruitment plan sets out.",
    ),
    (A.LEADERS, "Sickness absence is managed and supported so fewer days are lost."),
    (A.LEADERS, "Newly qualified social workers have a protected caseload in their first year."),
    (A.LEADERS, "Performance information reaches team managers weekly and is used in supervision."),
    (A.LEADERS, "Case audits are moderated so their grades are consistent."),
    (A.LEADERS, "Learning from audits and reviews is shared with every team within a month."),
)
# The stages the council's 28 areas have reached, in order of the list above (the demo's
# variety: 6 sustained-or-evidenced attempts, 8 evidenced attempts, 5 implemented, 6 in
# progress, 3 not started).
COUNCIL_STAGES = (
    *[Status.SUSTAINED] * 6,
    *[Status.EVIDENCED] * 8,
    *[Status.IMPLEMENTED] * 5,
    *[Status.IN_PROGRESS] * 6,
    *[Status.NOT_STARTED] * 3,
)

OFSTED_INSPECTION = (
    (A.LEADERS, "Improve the quality and impact of management oversight and supervision."),
    (
        A.HELP_AND_PROTECTION,
        "Improve the timeliness and quality of assessments for children in need.",
    ),
    (A.CHILDREN_IN_CARE, "Improve the sufficiency of local homes for children in care."),
    (A.CARE_LEAVERS, "Improve the quality of pathway plans for care leavers."),
)
MONITORING_VISITS = (
    (
        (A.HELP_AND_PROTECTION, "Reduce drift in plans for children in need."),
        (A.LEADERS, "Make audit findings lead to change in practice."),
    ),
    (
        (A.HELP_AND_PROTECTION, "Strengthen the response to children missing from home."),
        (A.CHILDREN_IN_CARE, "Improve the stability of placements."),
    ),
)


@dataclass
class _Plan:
    authority: Authority
    keeper: object
    owners: list[Worker]
    agencies: list[PartnerOrganisation]
    audits: list[CaseAudit]
    reader: IndicatorReader
    as_of: date


def _document(title: str, authority: str, on: date) -> ContentFile[bytes]:
    """A small generated PDF standing for a board paper or report."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, f"{authority}. {on.day} {on:%B %Y}. Generated demo document: no real person or case."
    )
    slug = "-".join(title.lower().split())[:50].strip("-")
    return ContentFile(bytes(pdf.output()), name=f"{slug}.pdf")


def _source(plan: _Plan, kind: str, title: str, published_on: date) -> ImprovementSource:
    return services.improvement_source_create(
        authority=plan.authority,
        kind=kind,
        title=title,
        published_on=published_on,
        created_by=plan.keeper,  # type: ignore[arg-type]
        today=plan.as_of,
    )


def _indicator(
    plan: _Plan, rng: random.Random, recommendation: Recommendation, since: date, by: date
) -> bool:
    """An indicator of the area, its baseline the record's own figure on `since`, its target
    the way the record has moved by `by` (or, now and then, the other way: an indicator
    slipping). False when the record has no figure to baseline on."""
    slugs = INDICATORS[recommendation.judgement_area]
    slug = slugs[rng.randrange(len(slugs))]
    baseline = plan.reader.value(slug, since)
    later = plan.reader.value(slug, by)
    if baseline is None or later is None:
        return False
    step = later - baseline
    if step == 0:
        step = Decimal("1.0")
    slipping = chance(rng, 0.12)
    target = baseline + (-step if slipping else step * 2)
    services.evidence_indicator_add(
        recommendation=recommendation,
        indicator=slug,
        baseline=baseline,
        baseline_on=since,
        target=target.quantize(Decimal("0.1")),
        added_by=plan.keeper,  # type: ignore[arg-type]
        today=by,
    )
    return True


def _evidence(plan: _Plan, rng: random.Random, recommendation: Recommendation, on: date) -> None:
    """A document always; a completed case audit (before `on`) or an indicator as well."""
    services.evidence_document_add(
        recommendation=recommendation,
        title=f"Report to the improvement board on {recommendation.reference}",
        document=_document(
            f"Improvement board: {recommendation.reference}", plan.authority.name, on
        ),
        added_by=plan.keeper,  # type: ignore[arg-type]
        today=on,
    )
    audits = [a for a in plan.audits if a.completed_on is not None and a.completed_on <= on]
    if audits and chance(rng, 0.4):
        services.evidence_case_audit_add(
            recommendation=recommendation,
            case_audit=audits[rng.randrange(len(audits))],
            title="Case audit showing the change in practice",
            added_by=plan.keeper,  # type: ignore[arg-type]
            today=on,
        )


def _move(plan: _Plan, recommendation: Recommendation, status: str, on: date) -> bool:
    try:
        services.recommendation_status_change(
            recommendation=recommendation,
            status=status,
            on=on,
            changed_by=plan.keeper,  # type: ignore[arg-type]
            today=plan.as_of,
        )
    except ImprovementRefused:
        return False
    return True


def _journey(
    plan: _Plan, rng: random.Random, recommendation: Recommendation, stage: str, start: date
) -> None:
    """Move the recommendation through the stages up to `stage`, each dated after the last
    and before `as_of`; "sustained" is asked of the rules, and a recommendation they refuse
    stays evidenced."""
    latest = plan.as_of - timedelta(days=7)
    if stage == Status.NOT_STARTED:
        return
    started = min(start + timedelta(days=between(rng, 20, 120)), latest)
    _move(plan, recommendation, Status.IN_PROGRESS, started)
    if stage == Status.IN_PROGRESS:
        return
    done = min(started + timedelta(days=between(rng, 90, 400)), latest)
    _move(plan, recommendation, Status.IMPLEMENTED, done)
    if stage == Status.IMPLEMENTED:
        return
    evidenced = min(done + timedelta(days=between(rng, 60, 200)), latest)
    if stage == Status.SUSTAINED:
        # Evidenced early enough to have held for six months by now.
        evidenced = min(evidenced, add_months(plan.as_of, -7))
        evidenced = max(evidenced, done)
    _indicator(plan, rng, recommendation, since=start, by=evidenced)
    _evidence(plan, rng, recommendation, evidenced)
    if not _move(plan, recommendation, Status.EVIDENCED, evidenced) or stage != Status.SUSTAINED:
        return
    _move(plan, recommendation, Status.SUSTAINED, latest)


def _recommendation(
    plan: _Plan,
    rng: random.Random,
    source: ImprovementSource,
    kind: str,
    reference: str,
    area: str,
    text: str,
    due_on: date,
) -> Recommendation:
    agencies = [a for a in plan.agencies if chance(rng, 0.3)][:3]
    return services.recommendation_create(
        source=source,
        kind=kind,
        reference=reference,
        text=text,
        owner=plan.owners[rng.randrange(len(plan.owners))],
        agencies=agencies,
        judgement_area=area,
        due_on=due_on,
        created_by=plan.keeper,  # type: ignore[arg-type]
        today=plan.as_of,
    )


def give_improvement(seed: int, scale: float, as_of: date) -> dict[str, int]:
    """Write the demo authority's improvement plan; the rows written, by model. The same for
    any scale: a plan has as many recommendations as its sources make, however big the city."""
    del scale
    authority = Authority.objects.order_by("pk").first()
    if authority is None or ImprovementSource.objects.filter(authority=authority).exists():
        return {}
    owners = list(
        Worker.objects.filter(
            authority=authority,
            role__in=[Worker.Role.HEAD_OF_SERVICE, Worker.Role.TEAM_MANAGER],
            left_on__isnull=True,
        ).order_by("pk")
    )
    if not owners:
        return {}
    plan = _Plan(
        authority=authority,
        keeper=get_user_model().objects.filter(username=KEEPER).first(),
        owners=owners,
        agencies=list(PartnerOrganisation.objects.filter(authority=authority).order_by("pk")),
        audits=list(
            CaseAudit.objects.filter(
                team__authority=authority, completed_on__isnull=False
            ).order_by("pk")
        ),
        reader=IndicatorReader(authority),
        as_of=as_of,
    )
    rng = substream(seed, "improvement")
    with transaction.atomic():
        _practice_review(plan, rng)
        _council_areas(plan, rng)
        _ofsted(plan, rng)
    mine = {"recommendation__source__authority": authority}
    return {
        "improvement.ImprovementSource": ImprovementSource.objects.filter(
            authority=authority
        ).count(),
        "improvement.Recommendation": Recommendation.objects.filter(
            source__authority=authority
        ).count(),
        "improvement.StatusChange": StatusChange.objects.filter(**mine).count(),
        "improvement.Evidence": Evidence.objects.filter(**mine).count(),
    }


def _practice_review(plan: _Plan, rng: random.Random) -> None:
    published = add_months(plan.as_of, -60)
    source = _source(
        plan,
        SourceKind.PRACTICE_REVIEW,
        "Child safeguarding practice review: Child N (generated)",
        published,
    )
    in_progress = set(
        rng.sample(range(PRACTICE_REVIEW_RECOMMENDATIONS), PRACTICE_REVIEW_IN_PROGRESS)
    )
    for index, (area, text) in enumerate(PRACTICE_REVIEW):
        due = add_months(published, 6 + 3 * (index % 6))
        recommendation = _recommendation(
            plan, rng, source, RecommendationKind.RECOMMENDATION, f"R{index + 1}", area, text, due
        )
        if index in in_progress:
            stage = Status.IN_PROGRESS
        else:
            stage = (Status.SUSTAINED, Status.EVIDENCED, Status.EVIDENCED, Status.IMPLEMENTED)[
                index % 4
            ]
        _journey(plan, rng, recommendation, stage, published)


def _council_areas(plan: _Plan, rng: random.Random) -> None:
    published = add_months(plan.as_of, -54)
    source = _source(
        plan,
        SourceKind.OWN_AUDIT,
        "The council's own audit of practice: areas for improvement",
        published,
    )
    for index, ((area, text), stage) in enumerate(zip(COUNCIL_AREAS, COUNCIL_STAGES, strict=True)):
        if stage == Status.NOT_STARTED:
            # Not started: two due within the next eight weeks (at risk), one overdue.
            due = (
                plan.as_of + timedelta(weeks=3 + index % 4)
                if index % 3
                else plan.as_of - timedelta(days=30)
            )
        elif stage == Status.IN_PROGRESS:
            # In progress: half past their due date (overdue), half due later this year.
            due = plan.as_of - timedelta(days=45) if index % 2 else plan.as_of + timedelta(days=150)
        else:
            due = add_months(published, 12 + index % 24)
        recommendation = _recommendation(
            plan,
            rng,
            source,
            RecommendationKind.AREA_FOR_IMPROVEMENT,
            f"AFI {index + 1}",
            area,
            text,
            due,
        )
        _journey(plan, rng, recommendation, stage, published)


def _ofsted(plan: _Plan, rng: random.Random) -> None:
    inspected = add_months(plan.as_of, -48)
    source = _source(
        plan,
        SourceKind.OFSTED_INSPECTION,
        "Ofsted inspection of local authority children's services (generated)",
        inspected,
    )
    for index, (area, text) in enumerate(OFSTED_INSPECTION):
        recommendation = _recommendation(
            plan,
            rng,
            source,
            RecommendationKind.RECOMMENDATION,
            f"O{index + 1}",
            area,
            text,
            add_months(inspected, 12),
        )
        _journey(
            plan, rng, recommendation, (Status.SUSTAINED, Status.EVIDENCED)[index % 2], inspected
        )
    for visit, areas in enumerate(MONITORING_VISITS):
        visited = add_months(inspected, 9 + 9 * visit)
        source = _source(
            plan,
            SourceKind.OFSTED_MONITORING_VISIT,
            f"Ofsted monitoring visit {visit + 1} (generated)",
            visited,
        )
        for index, (area, text) in enumerate(areas):
            recommendation = _recommendation(
                plan,
                rng,
                source,
                RecommendationKind.AREA_FOR_IMPROVEMENT,
                f"MV{visit + 1}.{index + 1}",
                area,
                text,
                add_months(visited, 9),
            )
            _journey(
                plan,
                rng,
                recommendation,
                (Status.EVIDENCED, Status.IMPLEMENTED)[index % 2],
                visited,
            )
