"""The child record's long tables and summary lists, rendered in Python.

A long case has hundreds of chronology events, and Django's template language costs a few
microseconds for every variable, filter and `{% if %}` in a loop: row by row it was most of
the page's rendering time. These tags build the same markup with `format_html` (everything
from the record is escaped), so the page template keeps the table's frame, caption and
headings, and the tag its body rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from datetime import date

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from safeguard.common.html import escape
from safeguard.common.templatetags.govuk_dates import long_date
from safeguard.people.models import Person, Residence

from ..chronology_pages import PageLink
from ..extensions import ChronologyEvent
from ..forms_record import ChronologyFilterForm
from ..models import CaseNote
from ..selectors.record import (
    ChildRecord,
    HouseholdMember,
    Relative,
    TimelineRow,
    choice_label,
)

register = template.Library()

_SMALL = '<p class="govuk-body-s govuk-!-margin-bottom-0 govuk-!-font-weight-regular">'


def _lines(text: str) -> str:
    """`text` escaped, its line breaks as <br> (the `linebreaksbr` filter)."""
    escaped = escape(text)
    if "\n" not in escaped and "\r" not in escaped:
        return escaped
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


@functools.cache
def _type_and_agency_cells(kind: str, agencies: frozenset[str]) -> str:
    """An event's type and agencies cells: a few dozen different pairs on any record."""
    event = ChronologyEvent(date.min, kind, "", agencies=agencies)
    return (
        f'<td class="govuk-table__cell">{escape(event.kind_label)}</td>'
        f'<td class="govuk-table__cell">{escape(", ".join(event.agency_labels))}</td>'
    )


def chronology_row(event: ChronologyEvent) -> str:
    if event.anchor:
        title = f'<a class="govuk-link" href="#{escape(event.anchor)}">{escape(event.title)}</a>'
    else:
        title = escape(event.title)
    parts: list[str] = [title]
    if event.detail:
        parts.append(f"{_SMALL}{_lines(event.detail)}</p>")
    if event.significant:
        parts.append('<strong class="govuk-tag govuk-tag--red">Significant</strong>')
    if event.action_taken:
        parts.append(f"{_SMALL}<strong>Action taken:</strong> {_lines(event.action_taken)}</p>")
    if event.rationale:
        parts.append(f"{_SMALL}<strong>Rationale:</strong> {_lines(event.rationale)}</p>")
    return (
        '<tr class="govuk-table__row">'
        f'<td class="govuk-table__cell">{long_date(event.on)}</td>'
        # Free text (a note's detail, a rationale) may hold a word wider than the screen.
        '<th scope="row" class="govuk-table__header safeguard-free-text">\n'
        + "\n".join(parts)
        + "\n</th>"
        f"{_type_and_agency_cells(event.kind, event.agencies)}"
        f'<td class="govuk-table__cell">{escape(event.who)}</td>'
        "</tr>"
    )


@register.simple_tag
def chronology_rows(events: Iterable[ChronologyEvent]) -> SafeString:
    """The chronology table's body rows: date, the event (title, detail, whether significant,
    action taken, rationale), its type, the agencies it came from, and who."""
    return mark_safe("\n".join(chronology_row(event) for event in events))  # noqa: S308


def timeline_row(row: TimelineRow, *, met_column: bool = True) -> str:
    item = row.item
    if item.met:
        met = long_date(item.met)
    elif item.closed:
        met = "Not met: the episode ended"
    else:
        met = "Not yet"
    met_cell = f'<td class="govuk-table__cell">{met}</td>' if met_column else ""
    return (
        '<tr class="govuk-table__row">'
        f'<th scope="row" class="govuk-table__header">{escape(item.label)}</th>'
        f'<td class="govuk-table__cell">{long_date(item.started)}</td>'
        f'<td class="govuk-table__cell">{long_date(item.due)}</td>'
        f"{met_cell}"
        f'<td class="govuk-table__cell"><strong class="govuk-tag {row.tag_class}">'
        f"{escape(item.status.label)}</strong></td>"
        "</tr>"
    )


@register.simple_tag
def timeline_rows(rows: Iterable[TimelineRow], met_column: bool = True) -> SafeString:
    """The statutory timeline's body rows: the clock, when it started, when it is due, when
    it was met (left out for open clocks, none of which is), and its state in words beside
    its colour."""
    return mark_safe(  # noqa: S308
        "\n".join(timeline_row(row, met_column=met_column) for row in rows)
    )


_GAP = '\n    <li class="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>'


def _page_link(link: PageLink) -> str:
    if link.is_gap:
        return _GAP
    current = " govuk-pagination__item--current" if link.current else ""
    aria = ' aria-current="page"' if link.current else ""
    return (
        f'\n    <li class="govuk-pagination__item{current}"><a class="govuk-link '
        f'govuk-pagination__link" href="{escape(link.url)}" aria-label="Page {link.number}"'
        f"{aria}>{link.number}</a></li>"
    )


@register.simple_tag
def chronology_page_links(links: Iterable[PageLink]) -> SafeString:
    """The chronology's pagination list items: each page's number and link (the current one
    marked), or a gap."""
    return mark_safe("".join(_page_link(link) for link in links))  # noqa: S308


_NEWLINES = re.compile(r"\r\n|\r")
_PARAGRAPH_BREAK = re.compile("\n{2,}")


def _paragraphs(text: str) -> str:
    """`text` escaped, as paragraphs and line breaks (the `linebreaks` filter)."""
    paragraphs = _PARAGRAPH_BREAK.split(_NEWLINES.sub("\n", text))
    return "\n\n".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def case_note_block(note: CaseNote) -> str:
    by = f", written by {escape(note.written_by.full_name)}" if note.written_by else ""
    # As the `date` filter shows a time: in the authority's time zone.
    recorded = timezone.localtime(note.created_at)
    kind = f"{escape(choice_label(note, 'kind'))}: " if note.kind else ""
    significant = (
        ' <strong class="govuk-tag govuk-tag--red">Significant</strong>' if note.significant else ""
    )
    return (
        f'\n<div class="govuk-!-margin-bottom-6" id="case-note-{note.pk}">\n'
        f'  <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{escape(note.subject)}'
        f"{significant}</h3>\n"
        f'  <p class="govuk-body-s govuk-!-margin-bottom-2">{kind}{long_date(note.event_date)}{by}'
        f" (recorded {long_date(recorded)}, {recorded:%H:%M})</p>\n"
        f'  <div class="govuk-body">{_paragraphs(note.body)}</div>\n'
        "</div>\n"
    )


@register.simple_tag
def case_note_blocks(notes: Iterable[CaseNote]) -> SafeString:
    """Each case note in full, newest first: its subject, when it happened, who wrote it and
    when it was recorded, and what it says (paragraphs and line breaks kept)."""
    blocks = "".join(case_note_block(note) for note in notes)
    return mark_safe(blocks or '\n<p class="govuk-body">No case notes have been written.</p>\n')  # noqa: S308


_ROW = '\n      <tr class="govuk-table__row">\n        <th scope="row" class="govuk-table__header">'
_CELL = '\n        <td class="govuk-table__cell">'
_ROW_END = "\n      </tr>\n      "


def _born(person: Person) -> str:
    return long_date(person.date_of_birth) or "Not known"


def relative_row(relative: Relative) -> str:
    if relative.parental_responsibility is None:
        responsibility = "Not applicable"
    elif relative.parental_responsibility:
        responsibility = '<strong class="govuk-tag govuk-tag--blue">Yes</strong>'
    else:
        responsibility = "No"
    start, end = relative.start_date, relative.end_date
    dates = f"From {long_date(start)}" if start else ""
    if end:
        dates += f"{'<br>' if start else ''}Until {long_date(end)}"
    elif not start:
        dates += "Current"
    return (
        f"{_ROW}{escape(relative.person.full_name)}</th>"
        f"{_CELL}{escape(relative.relationship)}</td>"
        f"{_CELL}{responsibility}</td>"
        f"{_CELL}{_born(relative.person)}</td>"
        f"{_CELL}{dates}</td>{_ROW_END}"
    )


@register.simple_tag
def relative_rows(relatives: Iterable[Relative]) -> SafeString:
    """The relatives table's body rows: name, relationship to the child, parental
    responsibility, date of birth, and from and until when."""
    return mark_safe("".join(relative_row(r) for r in relatives))  # noqa: S308


def household_row(member: HouseholdMember) -> str:
    return (
        f"{_ROW}{escape(member.person.full_name)}</th>"
        f"{_CELL}{escape(member.relationship)}</td>"
        f"{_CELL}{_born(member.person)}</td>"
        f"{_CELL}{escape(member.address)}</td>{_ROW_END}"
    )


@register.simple_tag
def household_rows(members: Iterable[HouseholdMember]) -> SafeString:
    """Who lives at the child's current address: name, relationship, date of birth, address."""
    return mark_safe("".join(household_row(m) for m in members))  # noqa: S308


def residence_row(residence: Residence) -> str:
    kind = escape(choice_label(residence, "kind"))
    if residence.kind == "refuge":
        kind += '<br><strong class="govuk-tag govuk-tag--red">Do not disclose</strong>'
    return (
        '\n      <tr class="govuk-table__row">'
        f"{_CELL}{escape(residence.address)}</td>"
        f"{_CELL}{kind}</td>"
        f"{_CELL}{long_date(residence.start_date)}</td>"
        f"{_CELL}{long_date(residence.end_date) or 'Current'}</td>{_ROW_END}"
    )


@register.simple_tag
def residence_rows(residences: Iterable[Residence]) -> SafeString:
    """The child's addresses: address, kind (a refuge marked not to be disclosed), from, to."""
    return mark_safe("".join(residence_row(r) for r in residences))  # noqa: S308


@functools.cache
def _unchosen_filter(name: str) -> SafeString:
    return ChronologyFilterForm(None)[name].as_field_group()


@register.simple_tag
def chronology_filter_field(form: ChronologyFilterForm, name: str) -> SafeString:
    """One of the chronology filter's groups of checkboxes. With nothing chosen (the record as
    usually opened) the group is the same on every record, its choices being fixed, so it is
    rendered once, not on every view."""
    if form.is_bound:
        return form[name].as_field_group()
    return _unchosen_filter(name)


# --- The record's summary lists ---------------------------------------------------------------
# Who the child is, the allocation, the open episodes and the protection plan: a few dozen
# values and conditions each, on every view of every record. Written here, line for line as
# their templates wrote them (the same markup, the same whitespace), they cost a fraction of
# the template language's lookups and `{% if %}`s.

_CHANGE = (
    '    <dd class="govuk-summary-list__actions"><a class="govuk-link" href="{url}#{field}">'
    'Change<span class="govuk-visually-hidden"> {what}</span></a></dd>'
)
_ROW_OPEN = '  <div class="govuk-summary-list__row">'
_ROW_CLOSE = "  </div>"


def _key_value(key: str, value: str) -> list[str]:
    return [
        f'    <dt class="govuk-summary-list__key">{key}</dt>',
        f'    <dd class="govuk-summary-list__value">{value}</dd>',
    ]


def child_identity(record: ChildRecord, change_url: str) -> str:
    """Who the child is, as a summary list; with `change_url` (the user may change the
    child's details), a change link on each row that can be changed there."""

    def change(field: str, what: str) -> str:
        return _CHANGE.format(url=change_url, field=field, what=what) if change_url else "    "

    # The rows without a change link say so only when the others have one.
    unchanging = (
        '  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">'
        if change_url
        else _ROW_OPEN
    )
    child = record.child
    name = escape(child.first_name)
    if child.middle_names:
        name += f" {escape(child.middle_names)}"
    name += f" {escape(child.last_name)}"
    if child.known_as:
        name += f"<br>Known as {escape(child.known_as)}"
    lines = [
        "",
        '<dl class="govuk-summary-list">',
        _ROW_OPEN,
        *_key_value("Name", name),
        change("id_first_name", "name"),
        _ROW_CLOSE,
        _ROW_OPEN,
        "    ",
    ]
    if child.date_of_birth or not child.expected_date_of_birth:
        lines += _key_value("Date of birth", long_date(child.date_of_birth) or "Not known")
        lines.append(change("id_date_of_birth_0", "date of birth"))
    else:
        lines += _key_value("Expected date of birth", long_date(child.expected_date_of_birth))
        lines.append(change("id_expected_date_of_birth_0", "expected date of birth"))
    if record.age is None:
        age = "Unborn" if child.is_unborn else "Not known"
    else:
        age = "Under 1" if record.age == 0 else str(record.age)
    lines += ["    ", _ROW_CLOSE, unchanging, *_key_value("Age", age), _ROW_CLOSE, "  "]
    if child.date_of_death:
        lines += [
            unchanging,
            *_key_value("Date of death", long_date(child.date_of_death)),
            _ROW_CLOSE,
            "  ",
        ]
    disabilities = ", ".join(escape(d) for d in record.disabilities) or "None recorded"
    if child.nhs_number:
        nhs = escape(f"{child.nhs_number[:3]} {child.nhs_number[3:6]} {child.nhs_number[6:]}")
    else:
        nhs = "Not known"
    if child.upn:
        upn = escape(child.upn)
    elif child.upn_unknown_reason:
        upn = f"Not known: {escape(choice_label(child, 'upn_unknown_reason'))}"
    else:
        upn = "Not known"
    if child.former_upn:
        upn += f"<br>Former UPN {escape(child.former_upn)}"
    lines += [
        _ROW_OPEN,
        *_key_value("Sex", escape(choice_label(child, "sex"))),
        change("id_sex_0", "sex"),
        _ROW_CLOSE,
        _ROW_OPEN,
        *_key_value("Ethnicity", escape(choice_label(child, "ethnicity"))),
        change("id_ethnicity", "ethnicity"),
        _ROW_CLOSE,
        unchanging,
        *_key_value("Disabilities", disabilities),
        _ROW_CLOSE,
        _ROW_OPEN,
        *_key_value("NHS number", nhs),
        change("id_nhs_number", "NHS number"),
        _ROW_CLOSE,
        _ROW_OPEN,
        *_key_value("Unique pupil number (UPN)", upn),
        change("id_upn", "unique pupil number"),
        _ROW_CLOSE,
        unchanging,
        *_key_value(
            "Authority child ID", escape(child.la_child_id) if child.la_child_id else "Not given"
        ),
        _ROW_CLOSE,
        "</dl>",
    ]
    return "\n".join(lines)


@register.simple_tag
def child_identity_list(record: ChildRecord, change_url: str = "") -> SafeString:
    """Who the child is: name, date of birth, age, sex, ethnicity, disabilities and numbers."""
    return mark_safe(child_identity(record, change_url))  # noqa: S308


def _summary_row(key: str, value: str) -> str:
    """A row of a summary list of rows each shown or not, with the whitespace the template
    gave it."""
    return (
        f"\n{_ROW_OPEN}\n"
        f'    <dt class="govuk-summary-list__key">{key}</dt>\n'
        f'    <dd class="govuk-summary-list__value">{value}</dd>\n'
        f"{_ROW_CLOSE}\n  "
    )


def _allocation(record: ChildRecord) -> str:
    allocation = record.allocation
    if allocation is None:
        return '\n<p class="govuk-body">The case is not allocated to a team.</p>\n'
    if allocation.worker:
        worker = escape(allocation.worker.full_name)
    else:
        worker = '<strong class="govuk-tag govuk-tag--yellow">Not allocated to a worker</strong>'
    team = escape(allocation.team.name)
    if allocation.team.phone:
        team += f"<br>{escape(allocation.team.phone)}"
    rows = (
        ("Allocated worker", worker),
        ("Team", team),
        ("Since", long_date(allocation.start_date)),
    )
    listed = "".join(
        f"{_ROW_OPEN}\n" + "\n".join(_key_value(key, value)) + f"\n{_ROW_CLOSE}\n"
        for key, value in rows
    )
    return f'\n<dl class="govuk-summary-list">\n{listed}</dl>\n'


def _looked_after(record: ChildRecord) -> str:
    period, placement = record.care_period, record.placement
    assert period is not None
    text = (
        f"Since {long_date(period.start_date)}"
        f"<br>Category of need: {escape(choice_label(period, 'category_of_need'))}"
    )
    if placement:
        text += (
            f"<br>Placement: {escape(choice_label(placement, 'placement_type'))}, since "
            f"{long_date(placement.start_date)}"
            f"<br>Legal status: {escape(choice_label(placement, 'legal_status'))}"
            f"<br>Provider: {escape(choice_label(placement, 'provider'))}"
        )
        if placement.urn:
            text += f"<br>Ofsted URN: {escape(placement.urn)}"
        text += f"<br>Visiting plan: {escape(record.placement_visiting_plan)}"
        if record.placement_distance:
            text += f"<br>Distance from home: {escape(record.placement_distance)}"
    text += "<br>Care plan: "
    if period.care_plan_date:
        text += f"agreed {long_date(period.care_plan_date)}"
    elif record.care_plan_due:
        text += f"not yet recorded, due by {long_date(record.care_plan_due)}"
        if record.care_plan_due < record.today:
            text += ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    else:
        text += "not yet recorded"
    if record.care_review:
        text += f"<br>Last review: {long_date(record.care_review.review_date)}"
        if record.care_review.iro:
            text += f", chaired by {escape(record.care_review.iro.full_name)}"
    return text


def _open_episodes(record: ChildRecord) -> str:
    if not record.has_open_work:
        return '\n<p class="govuk-body">There are no open episodes or plans.</p>\n'
    rows = []
    if referral := record.open_referral:
        rows.append(
            _summary_row(
                "Referral",
                f"Open since {long_date(referral.referral_date)}"
                f"<br>Source: {escape(choice_label(referral, 'source'))}"
                f"<br>Primary need: {escape(choice_label(referral, 'primary_need'))}",
            )
        )
    else:
        rows.append("")
    if assessment := record.assessment:
        if assessment.submitted_date:
            text = f"Completed {long_date(assessment.submitted_date)}, waiting to be authorised"
        else:
            text = f"In progress since {long_date(assessment.start_date)}"
        if record.assessment_due:
            text += f"<br>Due by {long_date(record.assessment_due)}"
        if assessment.worker:
            text += f"<br>Worker: {escape(assessment.worker.full_name)}"
        rows.append(_summary_row("Assessment", text))
    else:
        rows.append("")
    if enquiry := record.section47_enquiry:
        since = f"Open since {long_date(enquiry.start_date)}"
        rows.append(_summary_row("Section 47 enquiry", since))
    else:
        rows.append("")
    if plan := record.protection_plan:
        text = (
            f"Since {long_date(plan.start_date)}"
            f"<br>Category: {escape(choice_label(plan, 'latest_category'))}"
        )
        if plan.latest_category != plan.initial_category:
            text += f" (initially {escape(choice_label(plan, 'initial_category'))})"
        rows.append(_summary_row("Child protection plan", text))
    else:
        rows.append("")
    if cin_plan := record.cin_plan:
        rows.append(_summary_row("Child in need plan", f"Since {long_date(cin_plan.start_date)}"))
    else:
        rows.append("")
    rows.append(_summary_row("Looked after", _looked_after(record)) if record.care_period else "")
    # Each row's `{% if %}` in the template left its indent and line end, shown or not.
    listed = "".join(f"  {row}\n" for row in rows)
    plan_block = protection_plan(record) if record.protection_plan else ""
    return f'\n<dl class="govuk-summary-list">\n{listed}</dl>\n{plan_block}\n'


def _participation(text: str, missing: str) -> str:
    return escape(text) if text else missing


def protection_plan(record: ChildRecord) -> str:
    """The open child protection plan as its latest conference agreed it, and who took part."""
    conference = record.plan_conference
    if conference is None:
        agreed = (
            '\n<p class="govuk-body">The conference that started the plan is not on the '
            "record.</p>\n"
        )
    else:
        chair = f", chaired by {escape(conference.chair.full_name)}" if conference.chair else ""
        outline = _lines(conference.plan_outline) if conference.plan_outline else "Not recorded"
        core_group = (
            f"Planned for {long_date(conference.next_core_group_date)}"
            if conference.next_core_group_date
            else "Not set"
        )
        review = (
            f"Planned for {long_date(conference.next_review_date)}"
            if conference.next_review_date
            else "Not set"
        )
        attendees = _lines(conference.attendees) if conference.attendees else "Not recorded"
        took_part = (
            ("Who attended", attendees),
            ("Agencies present", _participation(conference.agencies_present, "Not recorded")),
            ("Reports sent by", _participation(conference.reports_from, "None recorded")),
            (
                "Parents",
                _participation(choice_label(conference, "parents_participation"), "Not recorded"),
            ),
            (
                "The child",
                _participation(choice_label(conference, "child_participation"), "Not recorded"),
            ),
        )
        agreed = (
            f'\n<p class="govuk-body">As agreed at the '
            f"{escape(choice_label(conference, 'kind').lower())} on "
            f"{long_date(conference.conference_date)}{chair}.</p>\n"
            '<dl class="govuk-summary-list" id="protection-plan-agreed">\n'
            + "".join(
                f"{_ROW_OPEN}\n" + "\n".join(_key_value(key, value)) + f"\n{_ROW_CLOSE}\n"
                for key, value in (
                    ("Outline plan", outline),
                    ("Next core group meeting", core_group),
                    ("Next review conference", review),
                )
            )
            + "</dl>\n"
            '<details class="govuk-details" id="protection-plan-attendance">\n'
            '  <summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
            "Who took part in the conference</span></summary>\n"
            '  <div class="govuk-details__text">\n'
            '    <dl class="govuk-summary-list">\n'
            + "".join(
                f"    {_ROW_OPEN}\n"
                + "\n".join(f"    {line}" for line in _key_value(key, value))
                + f"\n    {_ROW_CLOSE}\n"
                for key, value in took_part
            )
            + "    </dl>\n  </div>\n</details>\n"
        )
    return (
        '\n<h3 class="govuk-heading-s" id="protection-plan">The child protection plan</h3>\n'
        f"{agreed}\n\n"
    )


@register.simple_tag
def allocation_and_episodes(record: ChildRecord) -> SafeString:
    """Who the case is allocated to, and the open episodes and plans (with the protection
    plan as agreed)."""
    return mark_safe(  # noqa: S308
        '<h2 class="govuk-heading-m" id="allocation">Allocation</h2>\n\n'
        f"{_allocation(record)}\n\n\n"
        '<h2 class="govuk-heading-m" id="episodes">Open episodes and plans</h2>\n'
        f"{_open_episodes(record)}"
    )
