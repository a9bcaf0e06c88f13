"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Run with the rest of the suite (`make test`). Screenshots for docs/screenshots/ are taken when
SAFEGUARD_SCREENSHOTS=1 (`make screenshots`), so an ordinary run leaves the tree clean.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# An assertion on what a page shows waits for it as long as an action waits for its element:
# after a click that submits a form the next page may still be loading on a busy machine.
expect.set_options(timeout=10_000)
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
AXE_SOURCE = AXE.read_text() if AXE.exists() else "throw new Error('npm ci first: no axe-core')"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.browser


_SHARED: dict[str, Any] = {}


@pytest.fixture(scope="session")
def browser(pytestconfig: Any) -> Any:
    """One Chromium for the whole run. Test modules elsewhere import this fixture (and
    `page`); each import is a fixture of its own to pytest, so the browser is kept here, once
    per process, rather than in the fixture: a second Playwright started while the first
    runs would fail ("Sync API inside the asyncio loop")."""
    if "browser" not in _SHARED:
        if not Path(CHROMIUM).exists():
            pytest.fail("Chromium is missing: run scripts/ensure-chromium (make test does).")
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

        def stop() -> None:
            _SHARED.pop("browser").close()
            playwright.stop()

        pytestconfig.add_cleanup(stop)
    return _SHARED["browser"]


@pytest.fixture
def page(browser: Any, live_server: Any, calendar: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# GOV.UK Frontend's conditional reveal sets aria-expanded on the radio that reveals a question,
# which ARIA does not list for radios. GOV.UK keeps it on purpose, after research with screen
# reader users (alphagov/govuk-frontend#979), so that one finding on those radios is allowed:
# any other attribute, element or rule still fails.
_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const govuk979 = (v, n) => v.id === 'aria-allowed-attr'
    && document.querySelector(n.target[0])?.matches('input.govuk-radios__input[aria-controls]')
    && /aria-expanded/.test(n.failureSummary) && !/aria-(?!expanded)/.test(n.failureSummary);
  return result.violations
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.filter(n => !govuk979(v, n)).map(n => n.target.join(' '))}))
    .filter(v => v.nodes.length)
    .map(v => ({...v, nodes: v.nodes.slice(0, 5)}));
}"""

# Elements that stick out past the right edge of the viewport, outside a table's own
# scrolling container: what makes the whole page scroll sideways.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const path = (e) => {
    const parts = [];
    for (let n = e; n && n.nodeType === 1 && parts.length < 4; n = n.parentElement) {
      parts.unshift(n.tagName.toLowerCase() + (n.id ? '#' + n.id : '')
        + (n.classList.length ? '.' + [...n.classList].join('.') : ''));
    }
    return parts.join(' > ');
  };
  const wide = [...document.body.querySelectorAll('*')].filter((e) => {
    const box = e.getBoundingClientRect();
    if (!(box.width > 0 && box.right > width + 1)) return false;
    // Inside a table's scrolling container only what escapes its clipping counts: an
    // absolutely positioned element whose containing block is outside the container.
    const inside = e.parentElement && e.parentElement.closest('.safeguard-table-scroll');
    return !inside || ['absolute', 'fixed'].includes(getComputedStyle(e).position);
  });
  return {scrollWidth: document.documentElement.scrollWidth, width,
          offenders: wide.slice(0, 5).map(path)};
}"""

NARROW = {"width": 320, "height": 640}


def accessibility_problems(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it stands (GOV.UK's #979 aside)."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays on while axe runs.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, WCAG_TAGS)
    return violations


def assert_accessible(page: Any, *, name: str = "") -> None:
    """Run axe-core on the page as it stands and fail on any WCAG 2.2 A/AA violation."""
    violations = accessibility_problems(page)
    assert violations == [], f"axe found accessibility problems on {name or page.url}: {violations}"


def sideways_scroll(page: Any, *, also: Any = None) -> dict[str, Any] | None:
    """At 320 CSS pixels wide (WCAG 1.4.10 reflow), None if the page body does not scroll
    sideways; else how wide it is and what sticks out. Tables may scroll inside their own
    `.safeguard-table-scroll`. `also(page)`, if given, runs while the page is narrow. The
    viewport is put back as it was."""
    before = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        measured: dict[str, Any] = page.evaluate(_OVERFLOW)
        if also is not None:
            also(page)
    finally:
        if before:
            page.set_viewport_size(before)
    return measured if measured["scrollWidth"] > measured["width"] else None


def assert_no_sideways_scroll(page: Any, *, name: str = "") -> None:
    problem = sideways_scroll(page)
    assert problem is None, f"{name or page.url} scrolls sideways at 320 pixels: {problem}"


class PageChecks:
    """Checks many pages in one test and reports every problem at the end, so one page's
    fault does not hide the next page's."""

    def __init__(self) -> None:
        self.problems: dict[str, Any] = {}

    def check(self, page: Any, name: str, *, narrow: bool = True) -> None:
        """axe at desktop width; then, if `narrow`, at 320 pixels: no sideways scroll, and
        axe again (a table that scrolls at that width must be reachable by keyboard)."""
        found: dict[str, Any] = {}
        violations = accessibility_problems(page)
        if violations:
            found["axe"] = violations
        if narrow:

            def axe_narrow(narrow_page: Any) -> None:
                if narrow_violations := accessibility_problems(narrow_page):
                    found["axe at 320px"] = narrow_violations

            if overflow := sideways_scroll(page, also=axe_narrow):
                found["320px"] = overflow
        if found:
            self.problems[f"{name} ({page.url})"] = found

    def assert_clean(self) -> None:
        assert self.problems == {}, "Problems found:\n" + "\n".join(
            f"- {name}: {found}" for name, found in self.problems.items()
        )


def screenshot(page: Any, name: str) -> None:
    if os.environ.get("SAFEGUARD_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def security_code_for(user: Any) -> str:
    """The code the user's authenticator app shows now (their device is made if need be)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="phone", defaults={"confirmed": True}
    )
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def sign_in_through_the_browser(
    page: Any, user: Any, password: str, *, at_security_code: Any = None
) -> None:
    """Sign in as a person would: password, then the code from their authenticator.
    `at_security_code(page)`, if given, runs on the security code page before the code is
    typed (to check that page too)."""
    security_code_for(user)  # the device exists before the password is checked
    page.goto("/sign-in")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Security code").wait_for()
    if at_security_code is not None:
        at_security_code(page)
    page.get_by_label("Security code").fill(security_code_for(user))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)


# --- Case history for the journeys, built through the services (so every statutory rule and
# "not in the future" holds), with dates counted back in working days from today. -----------

PASSWORD = "a long enough password 42"


def signed_in(page: Any, user: Any) -> Any:
    """Give the user a password and sign them in through the browser; returns the page."""
    user.set_password(PASSWORD)
    user.save()
    sign_in_through_the_browser(page, user, PASSWORD)
    return page


def fill_date_group(scope: Any, legend: str, on: Any) -> None:
    """Type a date into the GOV.UK date input whose fieldset is named `legend`."""
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))


def working_days_ago(days: int) -> Any:
    from django.utils import timezone

    from safeguard.timescales import add_working_days

    return add_working_days(timezone.localdate(), -days)


def allocated_child(personas: Any, first_name: str, last_name: str, **details: Any) -> Any:
    """A child in the social worker's team, allocated to the social worker."""
    from datetime import date

    from safeguard.cases import services
    from safeguard.people.models import Person

    child = Person.objects.create(
        first_name=first_name,
        last_name=last_name,
        la_child_id=details.pop("la_child_id", f"C{first_name[:3].upper()}{last_name[:3].upper()}"),
        date_of_birth=details.pop("date_of_birth", date(2015, 5, 12)),
        **details,
    )
    services.allocation_allocate(
        child=child,
        team=personas.team,
        worker=personas.social_worker.worker,
        start_date=working_days_ago(60),
        reason="",
        allocated_by=None,
    )
    return child


DESKTOP = {"width": 1280, "height": 900}


def record_of_child_in_care(
    page: Any, personas: Any, first_name: str, last_name: str, *, in_care_working_days: int
) -> Any:
    """The social worker signed in at desktop width on the record of a child of theirs who has
    been looked after (one placement) for this many working days; returns the child."""
    from django.urls import reverse

    from safeguard.cases.tests.factories import PlacementFactory

    child = allocated_child(personas, first_name, last_name)
    started = working_days_ago(in_care_working_days)
    PlacementFactory(period__child=child, period__start_date=started, start_date=started)
    page.set_viewport_size(DESKTOP)
    signed_in(page, personas.social_worker)
    page.goto(reverse("cases:child_record", args=[child.pk]))
    return child


def child_on_protection_plan(
    personas: Any, first_name: str, last_name: str, *, last_seen_working_days_ago: int = 15
) -> Any:
    """A child on a child protection plan, allocated to the social worker, whose assessment
    was authorised, and who was last seen `last_seen_working_days_ago` working days ago:
    over 10, so the child protection visit is overdue."""
    from safeguard.cases import services
    from safeguard.cases.models import Section47Enquiry
    from safeguard.cases.tests.conference_answers import initial_conference
    from safeguard.cases.tests.factories import assessment_sections
    from safeguard.common import codes

    worker = personas.social_worker.worker
    child = allocated_child(personas, first_name, last_name)
    referral = services.referral_open(
        child=child,
        referral_date=working_days_ago(50),
        source=codes.ReferralSource.SCHOOL,
        team=personas.team,
        primary_need=codes.PrimaryNeed.N1,
    )
    assessment = services.assessment_start(
        referral=referral, start_date=working_days_ago(49), worker=worker
    )
    services.assessment_submit(
        assessment=assessment,
        submitted_date=working_days_ago(44),
        child_seen_date=working_days_ago(47),
        factors=[codes.AssessmentFactor.NEGLECT],
        outcome=codes.AssessmentOutcome.STRATEGY_DISCUSSION,
        **assessment_sections(
            analysis="Persistent neglect: no food in the home, missed health appointments."
        ),
    )
    services.assessment_authorise(
        assessment=assessment,
        authorised_date=working_days_ago(43),
        authorised_by=personas.team_manager.worker,
        rationale="Threshold for a strategy discussion is met.",
    )
    discussion = services.strategy_discussion_record(
        referral=referral,
        discussion_date=working_days_ago(42),
        section47_started=True,
        agencies_present="Social care, police, health",
        rationale="Continuing concerns of neglect.",
    )
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion)
    services.section47_complete(
        enquiry=enquiry,
        completed_date=working_days_ago(36),
        outcome=codes.Section47Outcome.SUBSTANTIATED_AT_RISK,
        conference_required=True,
    )
    services.initial_conference_record(
        enquiry=enquiry,
        conference_date=working_days_ago(35),
        outcome=codes.ConferenceOutcome.PLAN,
        chair=personas.conference_chair.worker,
        category=codes.CategoryOfAbuse.NEG,
        **initial_conference(working_days_ago(35)),
    )
    services.visit_record(
        child=child,
        kind=codes.VisitKind.CP_VISIT,
        visit_date=working_days_ago(last_seen_working_days_ago),
        child_seen=True,
        wishes_and_feelings="Said she likes her new school.",
        seen_alone=True,
        visited_by=worker,
        notes="Seen at home with mother.",
    )
    return child
