"""The authority, its services, teams and workers: the system administrator's pages. Every
change is made by `organisation.services`, which refuses a change to one's own access, audits
each change and alerts the auditors when someone's role, team or oversight changes. Nothing
is deleted here: a worker who leaves is given a leaving date."""

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from safeguard.common.admin import AdministratorAdmin

from . import services
from .models import Authority, Service, Team, Worker


class OrganisationAdmin(AdministratorAdmin):
    may_add = True
    may_change = True


@admin.register(Authority)
class AuthorityAdmin(OrganisationAdmin):
    list_display = ("name", "la_code", "child_population", "cp_visit_working_days")

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> Authority:
        return services.authority_create(authority=obj, actor=request.user, request=request)

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> Authority:
        return services.authority_update(
            authority=original, changes=changes, actor=request.user, request=request
        )


@admin.register(Service)
class ServiceAdmin(OrganisationAdmin):
    list_display = ("name", "authority", "head")
    raw_id_fields = ("head",)

    def check_change(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.service_change_check(
            actor=request.user, service=obj, changes=changes, request=request
        )

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> Service:
        return services.service_create(service=obj, actor=request.user, request=request)

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> Service:
        return services.service_update(
            service=original, changes=changes, actor=request.user, request=request
        )


@admin.register(Team)
class TeamAdmin(OrganisationAdmin):
    list_display = ("name", "kind", "service", "manager")
    list_filter = ("kind",)
    raw_id_fields = ("manager",)

    def check_change(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.team_change_check(actor=request.user, team=obj, changes=changes, request=request)

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> Team:
        return services.team_create(team=obj, actor=request.user, request=request)

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> Team:
        return services.team_update(
            team=original, changes=changes, actor=request.user, request=request
        )


@admin.register(Worker)
class WorkerAdmin(OrganisationAdmin):
    list_display = ("last_name", "first_name", "role", "team", "is_agency", "left_on")
    list_filter = ("role", "is_agency")
    search_fields = ("last_name", "first_name", "registration_number")
    raw_id_fields = ("user",)

    def check_change(self, request: HttpRequest, obj: Any, changes: dict[str, Any]) -> None:
        services.worker_change_check(
            actor=request.user, worker=obj, changes=changes, request=request
        )

    def create(self, request: HttpRequest, obj: Any, form: ModelForm[Any]) -> Worker:
        return services.worker_create(worker=obj, actor=request.user, request=request)

    def update(
        self, request: HttpRequest, original: Any, changes: dict[str, Any], form: ModelForm[Any]
    ) -> Worker:
        return services.worker_update(
            worker=original, changes=changes, actor=request.user, request=request
        )
