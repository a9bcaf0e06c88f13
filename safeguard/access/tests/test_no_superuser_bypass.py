"""No one is above the rules: a Django superuser or staff flag grants nothing.

Django's `User.has_perm` answers "yes" to any active superuser before it asks a backend, and
`perms` in templates and django-rules' `{% has_perm %}` go through it. So every check in
Safeguard asks the named rule itself (`access.permissions.allowed`, `{% allowed %}`); these
tests fail if a check through `has_perm` or a grant by flag comes back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from safeguard.access.permissions import PERMISSIONS, allowed

ROOT = Path(__file__).resolve().parents[3]
CODE = [p for p in (ROOT / "safeguard").rglob("*.py") if "tests" not in p.parts]
TEMPLATES = [*(ROOT / "safeguard").rglob("*.html"), *(ROOT / "templates").rglob("*.html")]


def _offending(paths: list[Path], pattern: str, allowed_in: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        if relative in allowed_in:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_code_asks_user_has_perm():
    assert (
        _offending(CODE, r"(?<!rules)\.has_perm\(", ("safeguard/access/permissions.py",)) == []
    ), "ask access.permissions.allowed(user, name, obj): user.has_perm says yes to superusers"


def test_no_template_asks_perms_or_has_perm():
    assert _offending(TEMPLATES, r"\bperms\.|\{%\s*has_perm\b") == []


def test_no_template_grants_by_the_superuser_or_staff_flag():
    assert _offending(TEMPLATES, r"user\.is_(superuser|staff)") == []


def test_a_superuser_without_a_role_is_allowed_nothing(personas):
    superuser = personas.superuser
    assert superuser.is_superuser and superuser.has_perm("audit.view")  # what Django says
    assert [name for name in PERMISSIONS if allowed(superuser, name)] == []
    child = personas.own_child
    assert [name for name in PERMISSIONS if allowed(superuser, name, child)] == []


def test_the_superuser_flag_changes_nothing_for_an_administrator(personas, django_user_model):
    admin = personas.system_administrator
    assert admin.is_superuser
    with_flag = {name for name in PERMISSIONS if allowed(admin, name)}
    admin.is_superuser = False
    admin.save(update_fields=["is_superuser"])
    admin = django_user_model.objects.get(pk=admin.pk)
    assert {name for name in PERMISSIONS if allowed(admin, name)} == with_flag
    assert with_flag == {"accounts.manage", "audit.verify"}


@pytest.mark.parametrize("permission", ["audit.view", "returns.build", "linkage.review"])
def test_the_administrator_is_refused_what_django_would_grant(personas, permission):
    admin = personas.system_administrator
    assert admin.has_perm(permission)  # Django's answer to a superuser
    assert not allowed(admin, permission)


def test_an_inactive_user_is_allowed_nothing(personas):
    worker = personas.social_worker
    worker.is_active = False
    assert not allowed(worker, "child.search")


def test_the_template_tag_asks_the_rule(personas):
    template = Template(
        '{% load permissions %}{% allowed "audit.view" user as may %}{{ may|yesno:"yes,no" }}'
    )
    assert template.render(Context({"user": personas.superuser})) == "no"
    assert template.render(Context({"user": personas.auditor})) == "yes"
