"""The layout's remembered static files say what `{% static %}` says, and follow a change of
the settings they are read from."""

from django.template import engines
from django.test import override_settings


def render(source: str) -> str:
    return engines["django"].from_string(source).render({})


def test_the_layout_tags_answer_as_static_does():
    assert render("{% load layout %}{% layout_static 'safeguard/safeguard.css' %}") == render(
        "{% load static %}{% static 'safeguard/safeguard.css' %}"
    )


def test_a_changed_static_url_is_not_answered_from_memory():
    source = "{% load layout %}{% layout_static 'safeguard/safeguard.css' %}"
    before = render(source)
    with override_settings(STATIC_URL="/elsewhere/"):
        assert render(source) == "/elsewhere/safeguard/safeguard.css"
    assert render(source) == before
