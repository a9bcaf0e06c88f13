"""What the care app adds to the child's record through the seam (`cases.extensions`): the
health summary with the links to record each step, and the health clocks on the timeline;
the missing episodes with their links, and the return home interview clocks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from safeguard.access.permissions import allowed
from safeguard.cases.extensions import Panel
from safeguard.cases.models import LookedAfterPeriod
from safeguard.cases.workflow.timeline import DueItem
from safeguard.common.forms import day_text
from safeguard.common.reversing import url_for
from safeguard.common.types import AnyUser
from safeguard.people.models import Person

from . import selectors

TEMPLATE = "care/health_panel.html"
MISSING_TEMPLATE = "care/missing_panel.html"
MANAGE = "child.manage_episodes"


def health_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown for a child who has been looked after; the links only while they are, and only
    to the people who manage their episodes."""
    summary = selectors.health_summary(child=child, today=today)
    if summary.period is None:
        return None
    looked_after_now = summary.period.end_date is None
    links = []
    if looked_after_now and allowed(user, MANAGE, child):
        links = [
            (url_for(f"care:{name}", [child.pk]), text)
            for name, text in (
                ("health_assessment", "Record a health assessment"),
                ("dental_check", "Record a dental check"),
                ("immunisations", "Record immunisations"),
                ("sdq", "Record an SDQ score"),
            )
        ]
    return Panel(
        TEMPLATE,
        "Health (looked after)",
        "care-health",
        {
            "anchor": "care-health",
            "title": "Health (looked after)",
            "looked_after_now": looked_after_now,
            "rows": summary.facts(),
            "links": links,
        },
    )


def health_timeline(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> Sequence[DueItem]:
    return selectors.health_due_items_for_child(child=child, today=today, timescales=timescales)


def _yes_no(value: bool | None) -> str:
    return "Not recorded yet" if value is None else ("Yes" if value else "No")


def missing_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Shown for a child who has been looked after: every missing episode, the open one
    first and marked; the links only while they are looked after, to the people who manage
    their episodes. One query whatever the history (the episodes, read once with the return
    interview clocks), none for a child never looked after."""
    summary = _latest_period(child)
    if summary is None:
        return None
    episodes = selectors.missing_episodes_list(child=child)
    looked_after_now = summary.end_date is None
    may_record = looked_after_now and allowed(user, MANAGE, child)
    rows = []
    for episode in episodes:
        interview_url = ""
        if (
            may_record
            and episode.period_id == summary.pk
            and episode.end_date is not None
            and episode.rhi_offered is None
        ):
            interview_url = url_for("care:return_interview", [child.pk, episode.pk])
        rows.append(
            {
                "episode": episode,
                "kind": episode.get_kind_display(),
                "start": day_text(episode.start_date),
                "end": day_text(episode.end_date) if episode.end_date else "",
                "found_at": episode.found_at,
                "offered": _yes_no(episode.rhi_offered),
                "accepted": _yes_no(episode.rhi_accepted) if episode.rhi_offered else "",
                "held": day_text(episode.rhi_date) if episode.rhi_date else "",
                "interview_url": interview_url,
            }
        )
    links = []
    if may_record:
        if any(e.is_open and e.period_id == summary.pk for e in episodes):
            links.append((url_for("care:missing_return", [child.pk]), "Record the return"))
        else:
            links.append((url_for("care:missing_start", [child.pk]), "Record a missing episode"))
    return Panel(
        MISSING_TEMPLATE,
        "Missing episodes",
        "care-missing",
        {
            "anchor": "care-missing",
            "title": "Missing episodes",
            "rows": rows,
            "links": links,
        },
    )


def missing_timeline(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> Sequence[DueItem]:
    return selectors.return_interview_due_items_for_child(
        child=child, today=today, timescales=timescales
    )


SUMMARY_TEMPLATE = "care/summary_panel.html"


def _latest_period(child: Person) -> LookedAfterPeriod | None:
    """The child's latest period of care: the record has read the periods and keeps them on
    the child it hands every section (`cases.selectors.care_periods_of`), so this asks no
    query there, and a child never looked after shows no care section without one."""
    return selectors.care_period_latest_get(child=child)


def education_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """The personal education plan of a child who has been looked after: the initial plan,
    the last review, the next due, the school and the virtual school's part."""
    summary = selectors.education_summary(child=child, today=today, period=_latest_period(child))
    if summary.period is None:
        return None
    looked_after_now = summary.period.end_date is None
    links = []
    if looked_after_now and allowed(user, MANAGE, child):
        links = [
            (
                url_for("care:education_plan", [child.pk]),
                "Record a personal education plan or review",
            )
        ]
    return Panel(
        SUMMARY_TEMPLATE,
        "Education (looked after)",
        "care-education",
        {
            "anchor": "care-education",
            "title": "Education (looked after)",
            "looked_after_now": looked_after_now,
            "rows": summary.facts(),
            "links": links,
        },
    )


def education_timeline(
    user: AnyUser, child: Person, today: date, timescales: Mapping[str, int]
) -> Sequence[DueItem]:
    return selectors.pep_due_items_for_child(child=child, today=today, timescales=timescales)


def circumstances_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """Whether the child is an unaccompanied asylum-seeking child, a mother, convicted or
    identified with a substance misuse problem while looked after (SSDA903 header, UASC and
    OC2), with the links to record each while they are looked after."""
    summary = selectors.circumstances_summary(child=child, period=_latest_period(child))
    if summary.period is None:
        return None
    looked_after_now = summary.period.end_date is None
    links = []
    if looked_after_now and allowed(user, MANAGE, child):
        if summary.uasc is None:
            links.append(
                (
                    url_for("care:uasc", [child.pk]),
                    "Record as an unaccompanied asylum-seeking child",
                )
            )
        elif summary.uasc.ceased_on is None:
            links.append((url_for("care:uasc", [child.pk]), "Record the date UASC status ceased"))
        if summary.motherhood is None and child.sex == "F":
            links.append((url_for("care:mother", [child.pk]), "Record that she is a mother"))
        links.append((url_for("care:conviction", [child.pk]), "Record a conviction"))
        links.append(
            (
                url_for("care:substance_misuse", [child.pk]),
                "Record a substance misuse problem",
            )
        )
    return Panel(
        SUMMARY_TEMPLATE,
        "Asylum, motherhood, offending and substance misuse",
        "care-circumstances",
        {
            "anchor": "care-circumstances",
            "title": "Asylum, motherhood, offending and substance misuse",
            "looked_after_now": looked_after_now,
            "rows": summary.facts(),
            "links": links,
        },
    )


def iro_record_panel(user: AnyUser, child: Person, today: date) -> Panel | None:
    """The IRO's latest visit or contact with a child who has been looked after (reg. 36),
    with the link to record one while they are looked after. From the care rows read once
    for the record (`care_rows`), none for a child never looked after."""
    period = _latest_period(child)
    if period is None:
        return None
    latest = selectors.iro_contact_latest_for(child=child, period=period)
    looked_after_now = period.end_date is None
    if latest is None:
        rows = [("Last IRO visit or contact", "None recorded")]
    else:
        how = latest.get_method_display()
        if latest.seen_alone is not None:
            how += ", seen alone" if latest.seen_alone else ", not seen alone"
        rows = [
            ("Last IRO visit or contact", f"{day_text(latest.contact_date)} ({how})"),
            ("Independent reviewing officer", str(latest.iro)),
        ]
    links = []
    if looked_after_now and allowed(user, MANAGE, child):
        links = [(url_for("care:iro_contact", [child.pk]), "Record an IRO visit or contact")]
    return Panel(
        SUMMARY_TEMPLATE,
        "Independent reviewing officer",
        "care-iro",
        {
            "anchor": "care-iro",
            "title": "Independent reviewing officer",
            "looked_after_now": looked_after_now,
            "rows": rows,
            "links": links,
        },
    )
