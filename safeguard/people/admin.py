from django.contrib import admin

from safeguard.common.admin import NeedToKnowAdmin

from .models import Address, Person, PersonDisability, Relationship, Residence


class PersonDisabilityInline(admin.TabularInline[PersonDisability, Person]):
    model = PersonDisability
    extra = 0


@admin.register(Person)
class PersonAdmin(NeedToKnowAdmin):
    list_display = ("la_child_id", "last_name", "first_name", "date_of_birth", "sex", "is_child")
    list_filter = ("is_child", "sex")
    search_fields = ("la_child_id", "last_name", "first_name", "nhs_number", "upn")
    inlines = [PersonDisabilityInline]
    show_full_result_count = False


@admin.register(Relationship)
class RelationshipAdmin(NeedToKnowAdmin):
    list_display = ("person", "kind", "relative", "has_parental_responsibility")
    list_filter = ("kind",)
    raw_id_fields = ("person", "relative")
    show_full_result_count = False


@admin.register(Address)
class AddressAdmin(NeedToKnowAdmin):
    list_display = ("line_1", "town", "postcode")
    search_fields = ("postcode", "line_1")
    show_full_result_count = False


@admin.register(Residence)
class ResidenceAdmin(NeedToKnowAdmin):
    list_display = ("person", "address", "kind", "start_date", "end_date")
    raw_id_fields = ("person", "address")
    show_full_result_count = False


@admin.register(PersonDisability)
class PersonDisabilityAdmin(NeedToKnowAdmin):
    list_display = ("person", "code")
    list_filter = ("code",)
    raw_id_fields = ("person",)
    show_full_result_count = False
