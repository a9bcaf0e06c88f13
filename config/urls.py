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
    path("admin/", admin.site.urls),
]

# The 403 and 404 pages are Django's handlers with templates/403.html and 404.html.
handler500 = "safeguard.common.views.server_error"
