"""The public's "Report a concern about a child" and the professional referral form in a real
browser: the whole journey at desktop width and at 320 pixels, and with JavaScript switched
off; a mistake shown and put right; the acknowledgement with the reference. Every page is
checked with axe (WCAG 2.2 AA, no violations) and for sideways scrolling at 320 pixels."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from safeguard.cases.models import Contact
from safeguard.common import codes

from .conftest import PageChecks, accessibility_problems, screenshot, sideways_scroll, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMERGENCY = "If a child is in immediate danger, call 999."
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def front_door(personas: Any, settings: Any) -> Any:
    # A person in a browser takes longer than 3 seconds; a test does not.
    settings.SAFEGUARD_PUBLIC_REPORT_MINIMUM_SECONDS = 0
    personas.front_door.phone = "0100 000 0999"
    personas.front_door.save()
    return personas.front_door


@pytest.fixture
def context_for(browser: Any, live_server: Any) -> Any:
    """A browser context made here, so that its viewport and JavaScript can be chosen."""
    made: list[Any] = []

    def make(*, viewport: dict[str, int], javascript: bool = True) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            viewport=viewport,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


class NoScriptChecks(PageChecks):
    """The checks of `PageChecks` for a page shown without JavaScript. axe cannot run in such a
    page (its timers never fire there), so the page's HTML, as the browser received and shows
    it, is opened again at the same address in a second context that runs scripts, with the
    page's own scripts taken out (nothing there changes what is shown), and axe runs on it;
    the 320-pixel check runs on the page itself."""

    def __init__(self, browser: Any, base_url: str) -> None:
        super().__init__()
        self.context = browser.new_context(base_url=base_url, locale="en-GB")
        self.mirror = self.context.new_page()

    def check(self, page: Any, name: str, *, narrow: bool = True) -> None:
        found: dict[str, Any] = {}
        address = page.url.split("#")[0]
        shown = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL)
        self.mirror.route(
            lambda url: url == address,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=shown
            ),
        )
        try:
            self.mirror.goto(address)
        finally:
            self.mirror.unroute_all()
        if violations := accessibility_problems(self.mirror):
            found["axe"] = violations
        if narrow:
            if overflow := sideways_scroll(page):
                found["320px"] = overflow

            def axe_narrow(mirror: Any) -> None:
                if narrow_violations := accessibility_problems(mirror):
                    found["axe at 320px"] = narrow_violations

            sideways_scroll(self.mirror, also=axe_narrow)
        if found:
            self.problems[f"{name} ({page.url})"] = found

    def close(self) -> None:
        self.context.close()


def continue_(page: Any) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def checked(page: Any, checks: PageChecks, name: str) -> None:
    """Every page: the emergency message, then axe at its width and at 320 pixels."""
    assert EMERGENCY in page.locator("#emergency").inner_text(), name
    checks.check(page, name)


def report_a_concern(page: Any, checks: PageChecks, *, javascript: bool = True) -> str:
    """The public's journey, with one mistake made and put right; the reference shown."""
    page.goto("/report-a-concern")
    checked(page, checks, "start")
    page.get_by_role("button", name="Start now").click()

    page.get_by_label("First name").fill("Tobi")
    checked(page, checks, "child's name")
    continue_(page)

    page.get_by_label("I know about how old they are").check()
    page.get_by_label("Age in years").fill("twenty")
    continue_(page)
    # The mistake: the GOV.UK error summary and the message beside the question.
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    message = "Enter about how old the child is as a number, like 6"
    assert summary.get_by_role("link", name=message).get_attribute("href") == "#id_child_age"
    assert message in page.locator("#id_child_age-error").inner_text()
    if javascript:
        # GOV.UK Frontend moves focus to the summary, so a screen reader reads it first.
        assert "govuk-error-summary" in page.evaluate("document.activeElement.className")
    assert page.get_by_label("I know about how old they are").is_checked()
    assert page.get_by_label("Age in years").input_value() == "twenty"
    checked(page, checks, "child's age with an error")
    page.get_by_label("Age in years").fill("6")
    continue_(page)

    page.get_by_label("Address, street or area").fill("Larch Road, Northgate")
    checked(page, checks, "where the child lives")
    continue_(page)
    checked(page, checks, "school")
    continue_(page)

    page.get_by_label("What is worrying you about the child?").fill(
        "Fictional: Tobi is often outside alone late at night, crying."
    )
    checked(page, checks, "what is worrying you")
    continue_(page)
    page.get_by_label("No, not right now").check()
    checked(page, checks, "danger")
    continue_(page)
    page.get_by_label("I am their neighbour").check()
    checked(page, checks, "how you know the child")
    continue_(page)
    page.get_by_label("No", exact=True).check()
    checked(page, checks, "can we contact you")
    continue_(page)

    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    assert "About 6 years old" in page.locator(".govuk-summary-list").inner_text()
    checked(page, checks, "check your answers")
    # Going back from the check page keeps the answers.
    page.get_by_role("link", name="Change what is worrying you").click()
    assert (
        "Tobi is often outside"
        in page.get_by_label("What is worrying you about the child?").input_value()
    )
    continue_(page)
    # (The browser keeps the Change link's #fragment through the redirect.)
    assert page.url.split("#")[0].endswith("/report-a-concern/check")

    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    panel = page.locator(".govuk-panel--confirmation")
    assert "Report sent" in panel.inner_text()
    checked(page, checks, "report sent")
    return page.locator("#reference").inner_text()


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
def test_a_member_of_the_public_reports_a_concern_and_is_given_the_reference(context_for, viewport):
    page = context_for(viewport=viewport)
    checks = PageChecks()

    reference = report_a_concern(page, checks)

    contact = Contact.objects.get()
    assert contact.reference == reference
    assert contact.route == codes.ContactRoute.PUBLIC_FORM
    assert contact.child_as_described["age"] == 6
    assert contact.referrer_anonymous
    if viewport == DESKTOP:
        screenshot(page, "front-door-report-sent")
    checks.assert_clean()


def test_the_report_works_with_javascript_switched_off(context_for, browser, live_server):
    page = context_for(viewport=DESKTOP, javascript=False)
    checks = NoScriptChecks(browser, live_server.url)
    page.goto("/report-a-concern/child-age")
    # Without JavaScript the follow-up questions are all shown, not hidden.
    expect(page.get_by_label("Age in years")).to_be_visible()
    expect(page.get_by_role("group", name="Date of birth")).to_be_visible()

    reference = report_a_concern(page, checks, javascript=False)

    assert Contact.objects.get().reference == reference
    checks.close()
    checks.assert_clean()


def test_pressing_send_twice_stores_one_report(context_for):
    page = context_for(viewport=DESKTOP, javascript=False)
    page.goto("/report-a-concern/worry")
    page.get_by_label("What is worrying you about the child?").fill("Fictional worry.")
    continue_(page)
    for answer in ("No, not right now", "I am their neighbour", "No"):
        page.get_by_label(answer, exact=True).check()
        continue_(page)
    page.goto("/report-a-concern/check")
    for slug in ("child-name", "child-age", "child-address", "child-school"):
        assert page.url.endswith(f"/report-a-concern/{slug}")
        if slug == "child-age":
            page.get_by_label("I do not know").check()
        continue_(page)
    page.goto("/report-a-concern/check")
    # Without JavaScript nothing stops a second press: the one-time key does. The second
    # press is the same form posted again with the browser's cookies.
    form = {
        name: page.locator(f"input[name={name}]").get_attribute("value")
        for name in ("csrfmiddlewaretoken", "idempotency_key")
    }
    page.get_by_role("button", name="Send report").click()
    first = page.locator("#reference").inner_text()
    again = page.request.post("/report-a-concern/check", form=form)
    assert again.ok and f'id="reference">{first}<' in again.text()
    assert Contact.objects.count() == 1


def fill_referral(page: Any, checks: PageChecks, *, signed_in_partner: bool) -> None:
    """The professional referral form's pages after "About you"."""
    page.get_by_label("No, I have not asked them").check()
    page.get_by_label("Why have you not asked them?").fill(
        "Asking could put the child at risk of significant harm."
    )
    checked(page, checks, "consent")
    continue_(page)

    page.get_by_label("First names").fill("Mia")
    page.get_by_label("Last name").fill("Fenwick")
    page.get_by_label("Yes", exact=True).check()
    date = page.get_by_role("group", name="Date of birth")
    date.get_by_label("Day").fill("14")
    date.get_by_label("Month").fill("3")
    date.get_by_label("Year").fill("2017")
    page.get_by_label("Female").check()
    page.get_by_label("NHS number (optional)").fill("943 476 5918")
    continue_(page)
    message = "The check digit of this NHS number is wrong: check it was copied correctly"
    assert page.locator(".govuk-error-summary").get_by_role("link", name=message).count() == 1
    checked(page, checks, "the child, with an error")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    continue_(page)

    person = page.get_by_role("group", name="Person 1")
    person.get_by_label("Name").fill("Dana Fenwick")
    person.get_by_label("Relationship to the child").fill("Mother")
    checked(page, checks, "household")
    continue_(page)

    page.get_by_label("What is your concern about the child?").fill(
        "Fictional: Mia came to school with bruises on both arms."
    )
    page.get_by_label("What have you done so far?").fill("Spoke to Mia with her teacher.")
    page.get_by_label("Today").check()
    checked(page, checks, "concern")
    continue_(page)

    assert "Dana Fenwick (Mother)" in page.locator("main").inner_text()
    checked(page, checks, "check your answers")
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_load_state()
    assert "Referral sent" in page.locator(".govuk-panel--confirmation").inner_text()
    checked(page, checks, "referral sent")


def test_a_professional_without_an_account_makes_a_referral(context_for):
    page = context_for(viewport=DESKTOP)
    checks = PageChecks()
    page.goto("/report-a-concern/professional")
    checked(page, checks, "professional start")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Your full name").fill("Alex Teacher")
    page.get_by_label("Your job title or role").fill("Designated safeguarding lead")
    page.get_by_label("Organisation", exact=True).fill("Northgate Primary School")
    page.get_by_label("What kind of organisation is it?").select_option(label="School")
    page.get_by_label("Phone number").fill("01632 960 001")
    page.get_by_label("Email address").fill("dsl@northgate.example")
    checked(page, checks, "about you")
    continue_(page)

    fill_referral(page, checks, signed_in_partner=False)

    contact = Contact.objects.get()
    assert page.locator("#reference").inner_text() == contact.reference
    assert contact.route == codes.ContactRoute.PROFESSIONAL_FORM
    assert contact.source == codes.ReferralSource.SCHOOL
    assert contact.submitted_by is None
    checks.assert_clean()


def test_a_partner_user_refers_a_child_and_follows_it_in_their_referrals(page, personas):
    user = personas.partner_user
    user.first_name, user.last_name, user.email = "Robin", "Lead", "robin@personas.example"
    user.save()
    checks = PageChecks()
    signed_in(page, user)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your referrals").click()
    assert "You have not sent any referrals yet." in page.locator("main").inner_text()
    checked(page, checks, "your referrals, empty")
    page.get_by_role("button", name="Refer a child").click()
    checked(page, checks, "partner start")
    page.get_by_role("button", name="Start now").click()
    assert page.get_by_label("Your full name").input_value() == "Robin Lead"
    assert page.get_by_label("Email address").input_value() == "robin@personas.example"
    page.get_by_label("Your job title or role").fill("Designated safeguarding lead")
    page.get_by_label("Phone number").fill("01632 960 001")
    checked(page, checks, "about you, signed in")
    continue_(page)

    fill_referral(page, checks, signed_in_partner=True)
    reference = page.locator("#reference").inner_text()
    contact = Contact.objects.get()
    assert contact.reference == reference and contact.submitted_by == user

    page.locator("main").get_by_role("link", name="your referrals").click()
    row = page.locator("tbody tr", has_text=reference)
    assert "Received" in row.inner_text() and "Mia Fenwick" in row.inner_text()
    checked(page, checks, "your referrals")
    screenshot(page, "front-door-partner-referrals")
    checks.assert_clean()
