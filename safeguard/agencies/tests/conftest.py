from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from safeguard.agencies import services
from safeguard.agencies.models import PartnerOrganisation, PartnerToken

ALL_SCOPES = list(PartnerToken.Scope.values)


@dataclass
class PartnerClient:
    """Requests to the partner API with a bearer token."""

    secret: str
    token: PartnerToken
    client: Client

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.secret}", **(headers or {})}

    def post(self, path: str, body: Any, **headers: str) -> Any:
        return self.client.post(
            path, json.dumps(body), content_type="application/json", **self._headers(headers)
        )

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, **self._headers(headers))


@pytest.fixture
def school(personas) -> PartnerOrganisation:
    organisation, _ = services.partner_organisation_get_or_create(
        authority=personas.authority, name="Northgate Primary", kind="school"
    )
    return organisation


def client_for(organisation: PartnerOrganisation, scopes: list[str] | None = None) -> PartnerClient:
    issued = services.partner_token_create(organisation=organisation, scopes=scopes or ALL_SCOPES)
    return PartnerClient(
        secret=issued.secret, token=issued.token, client=Client(raise_request_exception=False)
    )


@pytest.fixture
def linkage_model(db):
    """The linkage helper's small trained model (linkage cannot run without a model)."""
    from safeguard.agencies.linkage.tests.fixtures import install_fixture_model

    return install_fixture_model()


@pytest.fixture
def partner(school, linkage_model) -> PartnerClient:
    return client_for(school)
