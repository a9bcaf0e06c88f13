"""Every case model is read-only here: statutory records change only through cases.services,
which apply the workflow rules. The child's family (people) is registered here too: people know
nothing of access, so who may look at a person is asked where the case record is."""

from django.contrib import admin

from safeguard.access.admin import NeedToKnowAdmin, StatutoryRecordAdmin
from safeguard.people.models import Address, Person, PersonDisability, Relationship, Residence

from . import models


def _register(model: type, list_display: tuple[str, ...], **options: object) -> None:
    attrs = {"list_display": list_display, "show_full_result_count": False, **options}
    admin.site.register(model, type(f"{model.__name__}Admin", (StatutoryRecordAdmin,), attrs))


_register(models.Allocation, ("child", "team", "worker", "start_date", "end_date"))
_register(
    models.Contact,
    ("received_at", "child", "source", "decision", "decided_at"),
    list_filter=("decision", "source"),
)
_register(
    models.Referral,
    ("referral_date", "child", "source", "primary_need", "closure_date"),
    list_filter=("source", "primary_need", "closure_reason"),
)
_register(models.Assessment, ("start_date", "child", "submitted_date", "authorised_date"))
_register(models.StrategyDiscussion, ("discussion_date", "child", "section47_started"))
_register(models.Section47Enquiry, ("start_date", "child", "completed_date", "outcome"))
_register(
    models.ChildProtectionConference,
    ("conference_date", "kind", "child", "outcome"),
    list_filter=("kind", "outcome"),
)
_register(
    models.ChildProtectionPlan,
    ("start_date", "child", "initial_category", "end_date"),
    list_filter=("initial_category",),
)
_register(models.CoreGroupMeeting, ("meeting_date", "child"))
_register(models.ChildInNeedPlan, ("start_date", "child", "end_date"))
_register(models.ChildInNeedPlanReview, ("review_date", "plan"))
_register(
    models.Visit,
    ("visit_date", "kind", "child", "child_seen", "seen_alone"),
    list_filter=("kind", "child_seen"),
)
_register(models.CaseNote, ("event_date", "child", "subject", "written_by"))
_register(models.LookedAfterPeriod, ("start_date", "child", "end_date", "reason_ceased"))
_register(models.Placement, ("start_date", "child", "placement_type", "legal_status", "end_date"))
_register(models.LookedAfterReview, ("review_date", "child", "participation"))
_register(
    models.ManagementDecision, ("decided_at", "kind", "child", "decided_by"), list_filter=("kind",)
)


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
