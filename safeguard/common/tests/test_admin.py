"""The admin: every model listed; the system administrator manages accounts and sees no case
content; case and people pages show a practitioner only their need to know, read-only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from safeguard.audit.models import AuditEntry
from safeguard.cases.models import CaseNote
from safeguard.common.admin import NeedToKnowAdmin

SAFEGUARD_APPS = ("people", "organisation", "cases", "timescales")
CASE_CONTENT_APPS = ("people", "cases")
READ_ONLY_APPS = ("cases", "timescales")
ACCOUNT_MODELS = ("auth.user", "otp_totp.totpdevice", "axes.accessattempt", "axes.accesslog")


def _models(*labels: str):
    return [m for label in labels for m in apps.get_app_config(label).get_models()]


def _changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def administrator(personas):
    """The system administrator as deployed: staff, with the account models' permissions."""
    user = personas.system_administrator
    user.is_staff = True
    user.save()
    for label in ACCOUNT_MODELS:
        app_label, model_name = label.split(".")
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model=model_name
            )
        )
    return user


@pytest.fixture
def staff_social_worker(personas):
    user = personas.social_worker
    user.is_staff = True
    user.save()
    return user


def test_every_safeguard_model_is_registered_in_the_admin():
    missing = [m.__name__ for m in _models(*SAFEGUARD_APPS) if not admin.site.is_registered(m)]
    assert missing == []


def test_every_case_and_people_admin_page_applies_need_to_know():
    unguarded = [
        m._meta.label
        for m in _models(*CASE_CONTENT_APPS)
        if admin.site.is_registered(m) and not isinstance(admin.site._registry[m], NeedToKnowAdmin)
    ]
    assert unguarded == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", _models(*READ_ONLY_APPS), ids=lambda m: m.__name__)
def test_statutory_records_cannot_be_added_changed_or_deleted_in_the_admin(model, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
@pytest.mark.parametrize("label", ACCOUNT_MODELS)
def test_the_system_administrator_manages_accounts_in_the_admin(label, administrator, sign_in):
    model = apps.get_model(label)
    assert sign_in(administrator).get(_changelist(model)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", _models(*CASE_CONTENT_APPS), ids=lambda m: m.__name__)
@pytest.mark.parametrize("superuser", [False, True], ids=["administrator", "superuser"])
def test_the_system_administrator_is_refused_every_case_and_people_page(
    model, superuser, administrator, sign_in
):
    administrator.is_superuser = superuser
    administrator.save()
    assert sign_in(administrator).get(_changelist(model)).status_code == 403


@pytest.mark.django_db
def test_the_admin_index_shows_the_system_administrator_no_case_content(
    personas, administrator, sign_in
):
    administrator.is_superuser = True
    administrator.save()
    page = sign_in(administrator).get(reverse("admin:index")).content.decode()
    assert "Users" in page
    assert "Case notes" not in page
    assert "People" not in page
    response = sign_in(administrator).get(
        reverse("admin:people_person_change", args=[personas.own_child.pk])
    )
    assert response.status_code in (302, 403, 404)
    assert "Own" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", _models(*CASE_CONTENT_APPS), ids=lambda m: m.__name__)
def test_every_case_and_people_list_page_opens_for_a_practitioner(
    model, staff_social_worker, sign_in
):
    assert sign_in(staff_social_worker).get(_changelist(model)).status_code == 200


@pytest.mark.django_db
def test_a_practitioner_sees_only_the_children_they_need_to_know_in_the_admin(
    personas, staff_social_worker, sign_in
):
    for child in (personas.own_child, personas.other_child, personas.restricted_child):
        CaseNote.objects.create(
            child=child, event_date="2025-02-10", subject=f"Note on {child.first_name}", body="."
        )
    client = sign_in(staff_social_worker)
    people = client.get(_changelist(apps.get_model("people.person")))
    assert sorted(p.first_name for p in people.context["cl"].result_list) == ["Own", "Team"]
    notes = client.get(_changelist(CaseNote))
    assert [n.subject for n in notes.context["cl"].result_list] == ["Note on Own"]


@pytest.mark.django_db
def test_opening_a_record_outside_need_to_know_in_the_admin_shows_nothing(
    personas, staff_social_worker, sign_in
):
    note = CaseNote.objects.create(
        child=personas.other_child, event_date="2025-02-10", subject="Secret", body="Secret"
    )
    response = sign_in(staff_social_worker).get(
        reverse("admin:cases_casenote_change", args=[note.pk])
    )
    assert response.status_code in (302, 404)
    assert "Secret" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="read").exists()


@pytest.mark.django_db
def test_opening_a_case_record_in_the_admin_is_audited_as_a_read_of_the_child(
    personas, staff_social_worker, sign_in
):
    note = CaseNote.objects.create(
        child=personas.own_child, event_date="2025-02-10", subject="Visit", body="."
    )
    response = sign_in(staff_social_worker).get(
        reverse("admin:cases_casenote_change", args=[note.pk])
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="read")
    assert (entry.actor_id, entry.object_type, entry.object_id, entry.child_id) == (
        staff_social_worker.pk,
        "cases.casenote",
        str(note.pk),
        personas.own_child.pk,
    )
