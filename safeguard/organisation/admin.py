from django.contrib import admin

from .models import Authority, Service, Team, Worker


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "la_code", "child_population", "cp_visit_working_days")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "head")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "service", "manager")
    list_filter = ("kind",)


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "role", "team", "is_agency", "left_on")
    list_filter = ("role", "is_agency")
    search_fields = ("last_name", "first_name", "registration_number")
    raw_id_fields = ("user",)
