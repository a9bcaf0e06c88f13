"""The MASH: the queue of contacts waiting for a decision, a contact and what is done to it,
and recording a phone call, email or visit as a contact."""

from django.urls import URLPattern, path

from . import views_mash as views

CONTACT = "front-door/contacts/<int:contact_id>"

urlpatterns: list[URLPattern] = [
    path("front-door", views.queue, name="queue"),
    path("front-door/contacts/new", views.contact_new, name="contact_new"),
    path("front-door/contacts/new/details", views.contact_new_details, name="contact_new_details"),
    path(CONTACT, views.contact, name="contact"),
    path(f"{CONTACT}/child", views.contact_match, name="contact_match"),
    path(f"{CONTACT}/child/new", views.contact_child_new, name="contact_child_new"),
    path(f"{CONTACT}/rating", views.contact_rate, name="contact_rate"),
    path(f"{CONTACT}/consent", views.consent_override, name="consent_override"),
    path(
        f"{CONTACT}/information-requests/new",
        views.information_request_new,
        name="information_request_new",
    ),
    path(
        f"{CONTACT}/information-requests/<int:information_request_id>/answer",
        views.information_request_answer,
        name="information_request_answer",
    ),
    path(f"{CONTACT}/decision", views.contact_decide, name="contact_decide"),
    path(f"{CONTACT}/feedback", views.feedback_give, name="feedback_give"),
]
