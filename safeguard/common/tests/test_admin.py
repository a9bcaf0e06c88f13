"""Every model has an admin page; statutory records are read-only there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

SAFEGUARD_APPS = ("people", "organisation", "cases", "timescales")
READ_ONLY_APPS = ("cases", "timescales")


def _models(*labels: str):
    return [m for label in labels for m in apps.get_app_config(label).get_models()]


def test_every_safeguard_model_is_registered_in_the_admin():
    missing = [m.__name__ for m in _models(*SAFEGUARD_APPS) if not admin.site.is_registered(m)]
    assert missing == []


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
@pytest.mark.parametrize("model", _models(*SAFEGUARD_APPS), ids=lambda m: m.__name__)
def test_every_admin_list_page_opens(model, admin_user, sign_in):
    opts = model._meta
    response = sign_in(admin_user).get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert response.status_code == 200
