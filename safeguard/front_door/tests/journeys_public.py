"""Walking the public's and professionals' forms with Django's test client, as a browser
without JavaScript would: a page at a time, then the check page's one-time key."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client

# Fictional people and places throughout.
PUBLIC_ANSWERS: dict[str, dict[str, str]] = {
    "child-name": {"child_first_name": "Tobi", "child_last_name": "Marsh"},
    "child-age": {"child_age_known": "age", "child_age": "6"},
    "child-address": {
        "child_address": "Flat 2, Larch Road, Northgate",
        "child_postcode": "nb1 2ab",
    },
    "child-school": {"child_school": "Northgate Primary"},
    "worry": {"concerns": "Fictional: Tobi is often outside alone late at night, crying."},
    "danger": {"danger": "no"},
    "how-you-know": {"relationship": "neighbour"},
    "about-you": {"contact_me": "yes", "name": "Sam Example", "phone": "07700 900 982"},
}

REFERRAL_ANSWERS: dict[str, dict[str, str]] = {
    "about-you": {
        "referrer": "Alex Teacher",
        "referrer_role": "Designated safeguarding lead",
        "referrer_organisation": "Northgate Primary School",
        "organisation_kind": "2A",
        "referrer_phone": "01632 960 001",
        "referrer_email": "dsl@northgate.example",
    },
    "consent": {
        "consent": "not_sought",
        "not_sought_reason": "Telling them could put Mia at risk.",
    },
    "child": {
        "child_first_name": "Mia",
        "child_last_name": "Fenwick",
        "child_born": "yes",
        "child_date_of_birth_0": "14",
        "child_date_of_birth_1": "3",
        "child_date_of_birth_2": "2017",
        "child_sex": "F",
        "child_address": "12 Quarry Lane, Northgate",
        "child_postcode": "NB2 4CD",
        "child_school": "Northgate Primary School",
        "child_nhs_number": "943 476 5919",
    },
    "household": {
        "person_1_name": "Dana Fenwick",
        "person_1_relationship": "Mother",
        "person_2_name": "Lee Fenwick",
        "person_2_relationship": "Brother",
    },
    "concern": {
        "concerns": "Fictional: Mia came to school with bruises on both arms.",
        "actions_taken": "Spoke to Mia with the class teacher present.",
        "urgency": "today",
    },
}

PARTNER_ANSWERS = {
    **REFERRAL_ANSWERS,
    "about-you": {
        key: value
        for key, value in REFERRAL_ANSWERS["about-you"].items()
        if key not in ("referrer_organisation", "organisation_kind")
    },
}

PUBLIC = "/report-a-concern"
PROFESSIONAL = "/report-a-concern/professional"
PARTNER = "/partners/refer"


def fill(client: Client, base: str, answers: dict[str, dict[str, str]]) -> None:
    """Answer every page (each answer must be accepted)."""
    client.get(f"{base}/{next(iter(answers))}")
    for slug, data in answers.items():
        response = client.post(f"{base}/{slug}", data)
        assert response.status_code == 302, (slug, _errors(response))


def check_page_key(client: Client, base: str) -> str:
    response = client.get(f"{base}/check")
    assert response.status_code == 200, response
    match = re.search(r'name="idempotency_key" value="([^"]+)"', response.content.decode())
    assert match, "the check page carries the report's one-time key"
    return match.group(1)


def send(client: Client, base: str, key: str, **extra: str) -> Any:
    return client.post(f"{base}/check", {"idempotency_key": key, **extra})


def reference_shown(client: Client, base: str) -> str:
    response = client.get(f"{base}/sent")
    assert response.status_code == 200
    match = re.search(r'id="reference">([^<]+)<', response.content.decode())
    assert match, "the acknowledgement shows the reference"
    return match.group(1)


def _errors(response: Any) -> list[str]:
    return re.findall(
        r'class="govuk-error-message">.*?</span>\s*([^<]+)<', response.content.decode()
    )


def errors(response: Any) -> list[str]:
    """The inline error messages on a page, in order."""
    return [html.unescape(e.strip()) for e in _errors(response)]


def summary_errors(response: Any) -> list[str]:
    """The error summary's messages, in order."""
    body = response.content.decode()
    if "govuk-error-summary__list" not in body:
        return []
    listed = body.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [html.unescape(m.strip()) for m in re.findall(r"<a [^>]*>([^<]+)</a>", listed)]


def fails_once(real, error):
    """A stand-in that raises `error` the first time, then does what `real` does."""
    calls = []

    def call(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return real(*args, **kwargs)

    return call
