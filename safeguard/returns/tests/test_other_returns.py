"""The Returns menu opens the census: each return's page links to the others, so the
SSDA903, Annex A and workforce census pages can be reached from it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "census": "returns:census",
    "ssda903": "returns:ssda903",
    "annex_a": "returns:annex_a",
    "workforce": "returns:workforce_census",
}


@pytest.mark.parametrize("current", list(PAGES))
def test_each_returns_page_links_to_the_others(sign_in, personas, current):
    html = sign_in(personas.analyst).get(reverse(PAGES[current])).content.decode()

    other = html.split('aria-label="Other returns"')[1].split("</nav>")[0]
    linked = set(re.findall(r'href="([^"]+)"', other))
    assert linked == {reverse(name) for page, name in PAGES.items() if page != current}
