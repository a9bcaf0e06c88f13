from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from safeguard.common.reversing import url_for


def _named_routes(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> Iterator[tuple[str, list[str]]]:
    """Every named route in the project as (namespaced name, its path converters' names)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_routes(entry.url_patterns, inner)
        elif entry.name:
            converters = entry.pattern.converters  # type: ignore[attr-defined]
            yield f"{namespace}{entry.name}", [type(c).__name__ for c in converters.values()]


def test_every_route_of_whole_numbers_reverses_as_django_does():
    checked = 0
    for name, converters in _named_routes():
        if any(c not in ("IntConverter", "StringConverter", "SlugConverter") for c in converters):
            continue
        n = len(converters)
        for ids in ([0] * n, [7, 41, 3][:n], [123456] * n):
            try:
                expected = reverse(name, args=ids)
            except NoReverseMatch:
                continue
            assert url_for(name, ids) == expected, name
            checked += 1
    assert checked > 100  # the walk found the project's routes


def test_anything_but_whole_numbers_is_reversed_by_django():
    assert url_for("cases:team_measure", [3, "caseload"]) == reverse(
        "cases:team_measure", args=[3, "caseload"]
    )
    with pytest.raises(NoReverseMatch):
        url_for("cases:child_record", [-1])
    with pytest.raises(NoReverseMatch):
        url_for("cases:no_such_page", [1])


def test_a_changed_script_prefix_is_not_served_the_old_path():
    before = url_for("cases:child_record", [5])
    with override_settings(FORCE_SCRIPT_NAME="/council/"):
        from django.urls import set_script_prefix

        set_script_prefix("/council/")
        try:
            assert url_for("cases:child_record", [5]) == "/council" + before
        finally:
            set_script_prefix("/")
    assert url_for("cases:child_record", [5]) == before


def test_the_url_tag_answers_as_djangos_does():
    template = Template(
        "{% url 'cases:child_record' pk %}|{% url 'cases:team_measure' 3 'caseload' %}|"
        "{% url 'cases:child_record' pk as link %}[{{ link }}]|"
        "{% url 'cases:no_such_page' pk as missing %}[{{ missing }}]"
    )
    rendered = template.render(Context({"pk": 42}))
    record = reverse("cases:child_record", args=[42])
    measure = reverse("cases:team_measure", args=[3, "caseload"])
    assert rendered == f"{record}|{measure}|[{record}]|[]"


def test_the_url_tag_still_refuses_an_unknown_page():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'cases:no_such_page' 1 %}").render(Context({}))
