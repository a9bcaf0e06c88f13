"""The API reference at /api/docs, rendered on the server from the OpenAPI schema.

Ninja's Swagger UI either loads from a CDN (when `ninja` is not an installed app, as here),
which the content security policy forbids and an offline deployment cannot reach, or needs
`ninja` in INSTALLED_APPS for its bundled copy. A plain page built from the same schema works
everywhere, needs no script, and can never drift from /api/openapi.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


# OpenAPI descriptions are CommonMark. Ours use only paragraphs and code spans (`POST
# /api/events`), so those are what this page renders; a full Markdown library would add a
# dependency and raw HTML to sanitise for no gain.
_CODE_SPAN = re.compile(r"`([^`]+)`")


def inline(text: str | None) -> SafeString:
    """One description as inline HTML: escaped, code spans as <code>, line breaks as spaces."""
    escaped = escape(" ".join((text or "").split()))
    return mark_safe(_CODE_SPAN.sub(r"<code>\1</code>", escaped))  # noqa: S308


def paragraphs(text: str | None) -> SafeString:
    """A longer description: each blank-line-separated paragraph a GOV.UK body paragraph."""
    parts = [p for p in re.split(r"\n\s*\n", (text or "").strip()) if p.strip()]
    return mark_safe("".join(f'<p class="govuk-body">{inline(p)}</p>' for p in parts))  # noqa: S308


@dataclass
class Property:
    name: str
    type: str
    required: bool
    description: SafeString = field(default_factory=lambda: SafeString(""))


@dataclass
class SchemaDoc:
    name: str
    description: SafeString
    properties: list[Property] = field(default_factory=list)


@dataclass
class OperationDoc:
    method: str
    path: str
    path_html: SafeString
    summary: SafeString
    scopes: SafeString
    request_schema: str
    responses: list[tuple[str, SafeString]]


def _type_of(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        ref: str = spec["$ref"]
        return ref.rsplit("/", 1)[-1]
    if "const" in spec:
        return f'"{spec["const"]}"'
    if "enum" in spec:
        return " | ".join(f'"{v}"' for v in spec["enum"])
    if "anyOf" in spec or "oneOf" in spec:
        return " or ".join(_type_of(s) for s in spec.get("anyOf", spec.get("oneOf", [])))
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(spec.get('items', {}))}"
    if spec.get("format"):
        return f"{kind} ({spec['format']})"
    limits = []
    if "maxLength" in spec:
        limits.append(f"at most {spec['maxLength']} characters")
    if "minimum" in spec or "maximum" in spec:
        limits.append(f"from {spec.get('minimum', 'any')} to {spec.get('maximum', 'any')}")
    return f"{kind} ({', '.join(limits)})" if limits else str(kind)


def reference(schema: dict[str, Any]) -> dict[str, Any]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append(
                OperationDoc(
                    method=method.upper(),
                    path=path,
                    # May break after each slash: a long path fits a phone's width.
                    path_html=mark_safe("/<wbr>".join(escape(part) for part in path.split("/"))),  # noqa: S308
                    summary=inline(op.get("summary", "")),
                    scopes=inline(op.get("description", "")),
                    request_schema=_type_of(body.get("schema", {})) if body else "",
                    responses=[
                        (code, inline(r.get("description", "")))
                        for code, r in op["responses"].items()
                    ],
                )
            )
    schemas = []
    for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(spec.get("required", []))
        schemas.append(
            SchemaDoc(
                name=name,
                description=inline(spec.get("description", "")),
                properties=[
                    Property(
                        name=prop,
                        type=_type_of(pspec),
                        required=prop in required,
                        description=inline(pspec.get("description", "")),
                    )
                    for prop, pspec in spec.get("properties", {}).items()
                ],
            )
        )
    return {
        "title": schema["info"]["title"],
        "description": paragraphs(schema["info"].get("description", "")),
        "operations": operations,
        "schemas": schemas,
    }


class ApiReference(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = reference(api.get_openapi_schema(path_params=kwargs))
        context["openapi_url"] = self.get_openapi_url(api, kwargs)
        return render(request, "agencies/api_docs.html", context)
