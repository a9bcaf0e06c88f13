"""The ways in: the public's report, the professional referral form (for anyone, and for
signed-in partner users), and a partner user's referrals. Each question page has its own
fixed address (no URL keyword), so every page is in the access matrix as it is."""

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from . import views_public as views

View = Callable[..., HttpResponse]


def _journey(
    journey: views.Journey, base: str, start: View, step: View, check: View, sent: View
) -> list[URLPattern]:
    return [
        path(base, start, name=f"{journey.name}_start"),
        *[
            path(
                f"{base}/{s.slug}",
                step,
                {"step": s.slug},
                name=f"{journey.name}_{s.slug.replace('-', '_')}",
            )
            for s in journey.steps
        ],
        path(f"{base}/check", check, name=f"{journey.name}_check"),
        path(f"{base}/sent", sent, name=f"{journey.name}_sent"),
    ]


urlpatterns: list[URLPattern] = [
    *_journey(
        views.PUBLIC_REPORT,
        "report-a-concern",
        views.report_start,
        views.report_step,
        views.report_check,
        views.report_sent,
    ),
    *_journey(
        views.PROFESSIONAL_REFERRAL,
        "report-a-concern/professional",
        views.professional_start,
        views.professional_step,
        views.professional_check,
        views.professional_sent,
    ),
    *_journey(
        views.PARTNER_REFERRAL,
        "partners/refer",
        views.partner_refer_start,
        views.partner_refer_step,
        views.partner_refer_check,
        views.partner_refer_sent,
    ),
    path("partners/referrals", views.partner_referrals, name="partner_referrals"),
]
