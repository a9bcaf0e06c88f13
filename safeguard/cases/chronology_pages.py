"""The child record's chronology, a page at a time.

A long case has hundreds of events; the record shows them newest first, a page at a time
(`?chronology_page=N`), with GOV.UK's pagination component to move between pages. A page
number that is not a page of this chronology (a word, 0, beyond the last page: an old link
after a filter, a mistyped address) shows the first page and says so, rather than failing.

Plain Python over the events already read for the page: paging costs no query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .extensions import ChronologyEvent

EVENTS_PER_PAGE = 25
PAGE_PARAMETER = "chronology_page"
NO_SUCH_PAGE = "There is no page {asked} of the chronology. This is page 1 of {pages}."


@dataclass(frozen=True)
class PageLink:
    """One item of the pagination list: a page number and its address, or a gap ("⋯")."""

    number: int | None
    url: str = ""
    current: bool = False

    @property
    def is_gap(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class ChronologyPage:
    events: Sequence[ChronologyEvent]
    number: int
    pages: int
    total: int
    # The first and last events shown, counted from 1 (0 and 0 when there are none).
    first: int
    last: int
    previous_url: str = ""
    next_url: str = ""
    links: list[PageLink] = field(default_factory=list)
    # Set when the page asked for is not a page of this chronology.
    problem: str = ""


def _numbers_shown(current: int, pages: int) -> list[int | None]:
    """The page numbers the pagination lists (GOV.UK: the first, the last, the current and
    those either side of it), with None for each gap."""
    wanted = sorted({1, pages, current - 1, current, current + 1} & set(range(1, pages + 1)))
    shown: list[int | None] = []
    for number in wanted:
        if shown and shown[-1] is not None and number - shown[-1] > 1:
            shown.append(None)
        shown.append(number)
    return shown


def chronology_page(
    events: Sequence[ChronologyEvent],
    asked: str | None,
    url_for: Callable[[int], str],
    *,
    per_page: int = EVENTS_PER_PAGE,
) -> ChronologyPage:
    """The page `asked` for (the raw `chronology_page` parameter; none is page 1) of
    `events`, in the order given, with the links to the other pages made by `url_for`."""
    total = len(events)
    pages = max(1, -(-total // per_page))
    number, problem = 1, ""
    if asked is not None and asked != "":
        text = asked.strip()
        if text.isdigit() and 1 <= int(text) <= pages:
            number = int(text)
        else:
            problem = NO_SUCH_PAGE.format(asked=f"“{text[:20]}”", pages=pages)
    start = (number - 1) * per_page
    shown = events[start : start + per_page]
    links = (
        [
            PageLink(n, url_for(n), n == number) if n is not None else PageLink(None)
            for n in _numbers_shown(number, pages)
        ]
        if pages > 1
        else []
    )
    return ChronologyPage(
        events=shown,
        number=number,
        pages=pages,
        total=total,
        first=start + 1 if shown else 0,
        last=start + len(shown),
        previous_url=url_for(number - 1) if number > 1 else "",
        next_url=url_for(number + 1) if number < pages else "",
        links=links,
        problem=problem,
    )
