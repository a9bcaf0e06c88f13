"""Who may call the partner API: a live token with the operation's scope, and it sees only
what its own organisation sent. (The access matrix skips /api/ and points here.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from safeguard.agencies import services
from safeguard.agencies.api import PartnerTokenAuth, api
from safeguard.agencies.models import PartnerSubmission, PartnerToken
from safeguard.audit.models import AuditEntry

from .conftest import client_for

pytestmark = pytest.mark.django_db

# Every operation with a body the API takes (bodies here are empty: auth comes first).
OPERATIONS = [
    ("post", "/api/events"),
    ("post", "/api/events/bulk"),
    ("get", "/api/submissions/1"),
    ("get", "/api/batches/1"),
    ("post", "/api/check"),
]


def _call(client: Client, method: str, path: str, **headers: str):
    if method == "post":
        return client.post(path, "{}", content_type="application/json", **headers)
    return client.get(path, **headers)


def test_every_api_operation_demands_a_partner_token():
    operations = [
        (method, path_view.path if hasattr(path_view, "path") else "", op)
        for router_prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for op in path_view.operations
        for method in op.methods
    ]
    assert len(operations) == len(OPERATIONS)
    for _, _, op in operations:
        assert op.auth_callbacks, f"{op.view_func.__name__} has no auth"
        assert all(isinstance(a, PartnerTokenAuth) for a in op.auth_callbacks)


def test_the_api_routes_are_all_in_the_list_tested_here():
    routes = [
        str(p.pattern)
        for r in get_resolver().url_patterns
        if str(r.pattern) == "api/"
        for inner in r.url_patterns
        for p in inner.url_patterns
    ]
    # The operations above, and the schema, its reference page and Ninja's root (which
    # points to the reference): public, they carry no data.
    assert sorted(routes) == sorted(
        [
            "events",
            "events/bulk",
            "submissions/<submission_id>",
            "batches/<batch_id>",
            "check",
            "openapi.json",
            "docs",
            "",
        ]
    )


@pytest.mark.parametrize("method,path", OPERATIONS)
def test_no_token_is_refused_with_401(method, path, school):
    response = _call(Client(), method, path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize("method,path", OPERATIONS)
def test_an_unknown_token_is_refused_and_audited(method, path, school):
    response = _call(Client(), method, path, HTTP_AUTHORIZATION="Bearer sgp_not-a-token")
    assert response.status_code == 401
    entry = AuditEntry.objects.filter(action="refused").latest("sequence")
    assert entry.object_type == "api"
    assert entry.details["path"] == path and entry.details["outcome"] == "no live token"
    assert (entry.details["status"], entry.details["token_id"]) == (401, None)


@pytest.mark.parametrize("method,path", OPERATIONS)
def test_an_expired_token_is_refused(method, path, partner):
    PartnerToken.objects.filter(pk=partner.token.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert (
        _call(
            partner.client, method, path, HTTP_AUTHORIZATION=f"Bearer {partner.secret}"
        ).status_code
        == 401
    )


@pytest.mark.parametrize("method,path", OPERATIONS)
def test_a_revoked_token_is_refused(method, path, partner):
    services.partner_token_revoke(token=partner.token)
    assert (
        _call(
            partner.client, method, path, HTTP_AUTHORIZATION=f"Bearer {partner.secret}"
        ).status_code
        == 401
    )


def test_a_token_is_only_accepted_as_a_bearer_token(partner):
    response = Client().get("/api/submissions/1", HTTP_AUTHORIZATION=f"Basic {partner.secret}")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "scopes,method,path",
    [
        (["check:read"], "post", "/api/events"),
        (["events:submit"], "post", "/api/events/bulk"),
        (["events:bulk"], "post", "/api/check"),
        (["check:read"], "get", "/api/submissions/1"),
        (["events:submit"], "post", "/api/check"),
    ],
)
def test_a_token_without_the_operations_scope_is_refused_with_403(scopes, method, path, school):
    partner = client_for(school, scopes)
    response = _call(partner.client, method, path, HTTP_AUTHORIZATION=f"Bearer {partner.secret}")
    assert response.status_code == 403
    assert "does not have the scope" in response.json()["detail"]
    entry = AuditEntry.objects.latest("sequence")
    assert (entry.action, entry.object_type, entry.details["status"]) == ("refused", "api", 403)
    assert entry.details["outcome"].startswith("no scope")
    assert entry.details["organisation"] == school.pk
    assert entry.details["token_id"] == partner.token.pk


def test_either_sending_scope_may_read_back_a_submission(school):
    submission = PartnerSubmission.objects.create(organisation=school, received_at=timezone.now())
    for scopes in (["events:submit"], ["events:bulk"]):
        partner = client_for(school, scopes)
        assert partner.get(f"/api/submissions/{submission.pk}").status_code == 200


def test_another_organisations_submission_is_not_found(personas, school):
    other, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Southgate GP", kind="gp"
    )
    theirs = PartnerSubmission.objects.create(organisation=other, received_at=timezone.now())
    ours = PartnerSubmission.objects.create(organisation=school, received_at=timezone.now())
    partner = client_for(school)
    assert partner.get(f"/api/submissions/{ours.pk}").status_code == 200
    response = partner.get(f"/api/submissions/{theirs.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No submission with this id was sent by your organisation"}
    entry = AuditEntry.objects.latest("sequence")
    assert (entry.action, entry.details["status"]) == ("refused", 404)
    assert (entry.details["submission"], entry.details["outcome"]) == (theirs.pk, "not found")


def test_the_reference_page_shows_the_schemas_code_spans_as_code_not_backticks(client):
    spec = client.get("/api/openapi.json").json()
    # The schema stays CommonMark, as OpenAPI says, for other tools to render...
    assert "`POST /api/events`" in spec["info"]["description"]
    html = client.get("/api/docs").content.decode()
    # ...and the reference page renders it: no Markdown is left showing.
    assert "`" not in html
    assert (
        '<p class="govuk-body">Partner agencies tell children&#x27;s social care about events in '
        "a child&#x27;s life (Children Act 2004 s.11). Send one event per child with "
        "<code>POST /api/events</code>, or a nightly extract with "
        "<code>POST /api/events/bulk</code>;"
    ) in html
    assert "Every call needs <code>Authorization: Bearer &lt;token&gt;</code>;" in html
    assert (
        "The arrest of someone in the child&#x27;s household (name them in <code>adults</code> "
        "with role &quot;arrested&quot;)."
    ) in html


def test_descriptions_render_paragraphs_and_code_spans_and_escape_the_rest():
    from safeguard.agencies.docs import inline, paragraphs

    assert inline("Use `<b>`\nand  `x`.") == "Use <code>&lt;b&gt;</code> and <code>x</code>."
    assert inline(None) == ""
    assert paragraphs("One\nline.\n\n  Two `a`.\n") == (
        '<p class="govuk-body">One line.</p><p class="govuk-body">Two <code>a</code>.</p>'
    )


def test_the_schema_and_its_reference_page_are_public_and_need_no_outside_assets(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["components"]["securitySchemes"]["PartnerTokenAuth"]["scheme"] == "bearer"
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "POST /api/events" in html and "RemovedFromRoll" in html
    # Nothing from a CDN (the content security policy allows only this site).
    assert "cdn." not in html and "https://" not in html.split("</head>")[0]
    assert "script-src" in page["Content-Security-Policy"]
