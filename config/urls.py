from django.contrib import admin
from django.urls import include, path

from safeguard.accounts import views as account_views
from safeguard.common import drafts
from safeguard.common import views as common_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("drafts/<str:form_key>", drafts.draft_save_view, name="draft_save"),
    path("", include("safeguard.accounts.urls")),
    path("", include("safeguard.cases.urls")),
    path("", include("safeguard.front_door.urls")),
    path("", include("safeguard.access.urls")),
    path("audit/", include("safeguard.audit.urls")),
    path("api/", include("safeguard.agencies.api_urls")),
    path("partners/", include("safeguard.agencies.urls")),
    path("linkage/", include("safeguard.agencies.linkage.urls")),
    path("signals/", include("safeguard.agencies.signals.urls")),
    path("performance/", include("safeguard.performance.urls")),
    path("returns/", include("safeguard.returns.urls")),
    path("jobs/", include("safeguard.jobs.urls")),
    path("tasks/", include("safeguard.tasks.urls")),
    path("providers/", include("safeguard.providers.urls")),
    path("family-help/", include("safeguard.family_help.urls")),
    path("improvement/", include("safeguard.improvement.urls")),
    path("workforce/", include("safeguard.workforce.urls")),
    path("case-audits/", include("safeguard.case_audits.urls")),
    path("benchmarks/", include("safeguard.benchmarks.urls")),
    path("supervision/", include("safeguard.supervision.urls")),
    path("", include("safeguard.care.urls")),
    path("", include("safeguard.care_leavers.urls")),
    path("", include("safeguard.permanence.urls")),
    path("", include("safeguard.proceedings.urls")),
    path("admin/", admin.site.urls),
]

# The 404 page is Django's handler with templates/404.html; the others are the service's own
# (safeguard/common/errors.py: why a refusal was made, a reference to quote for a failure).
handler400 = "safeguard.common.errors.bad_request"
handler403 = "safeguard.common.errors.permission_denied"
handler500 = "safeguard.common.views.server_error"
