"""The partner API (Django Ninja), mounted at /api/.

Every operation needs a partner token (`Authorization: Bearer sgp_...`) with the operation's
scope; a token sees only what its own organisation sent. Every call is audited, refused ones
included. Views only parse and answer: the work is in `services`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record

from . import services
from .docs import ApiReference
from .models import PartnerBatch, PartnerSubmission, PartnerToken
from .schemas import (
    BatchIn,
    BatchOut,
    CheckIn,
    CheckNotConfirmedOut,
    CheckOut,
    ErrorOut,
    InvalidInputOut,
    SubmissionIn,
    SubmissionOut,
)

NOT_AUTHENTICATED = (
    "Give a live partner token: Authorization: Bearer <token> (unknown, expired and revoked "
    "tokens are refused)"
)
MISSING_SCOPE = "This token does not have the scope {scope}"
NOT_FOUND = "No submission with this id was sent by your organisation"
INVALID_INPUT = "Nothing was stored: correct the fields named in errors"
LINKAGE_UNAVAILABLE = (
    "Nothing was stored: matching people to records is not available yet. Try again later; "
    "if you are worried about a child now, phone the front door"
)
FRONT_DOOR_UNAVAILABLE = (
    "Nothing was stored: children's social care cannot receive concerns through this service "
    "at the moment. Phone the front door now; if a child is at immediate risk, call 999"
)
Scope = PartnerToken.Scope

DESCRIPTION = """
Partner agencies tell children's social care about events in a child's life (Children Act
2004 s.11). Send one event per child with `POST /api/events`, or a nightly extract with
`POST /api/events/bulk`; read back what happened with `GET /api/submissions/{id}`.
Authorised agencies may ask the partner check with `POST /api/check`.

A concern, an injury, a domestic abuse notification, a missing episode, any event you mark
`significant`, and a notification about a household that names no child become a contact at
the front door (multi-agency safeguarding hub) in the same request, whether or not the child
can be matched to a record: the reply's `contact_reference` is the front door's reference.
A notification about a household may leave out `child` if it gives the household's address
(the event's `postcode` and `address_line`) or the adults in it; each child living there
becomes a contact. `GET /api/submissions/{id}` tells you the front door's feedback, in fixed
words.

This API is not for urgent referrals. If a child is at immediate risk, call the police on
999; if you think a child is suffering or likely to suffer significant harm, phone the
children's social care front door.

Every call needs `Authorization: Bearer <token>`; a token carries scopes (`events:submit`,
`events:bulk`, `check:read`). Send an `Idempotency-Key` header (any unique string up to 200
characters) so a retried request is stored once: the retry gets the first response again.
"""


def _audit_call(
    request: HttpRequest,
    *,
    action: str,
    token: PartnerToken | None,
    outcome: str,
    object_type: str = "agencies.api",
    object_id: object = "",
    child_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    audit_record(
        action=action,
        actor=None,
        request=request,
        object_type=object_type,
        object_id=object_id,
        child_id=child_id,
        details={
            "method": request.method,
            "path": request.path,
            "organisation": token.organisation_id if token else None,
            "token": token.prefix if token else "",
            "outcome": outcome,
            **(details or {}),
        },
    )


class PartnerTokenAuth(HttpBearer):
    """A live token with the operation's scope. Missing or dead tokens get 401, a live token
    without the scope gets 403; both are audited."""

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = scopes

    def __call__(self, request: HttpRequest) -> PartnerToken | None:
        header = request.headers.get(self.header, "")
        scheme, _, secret = header.partition(" ")
        token = None
        if scheme.lower() == self.openapi_scheme:
            token = services.partner_token_authenticate(secret.strip())
        if token is None:
            _audit_call(request, action=Action.SIGN_IN_FAILED, token=None, outcome="no live token")
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: Any) -> PartnerToken | None:
        if not set(self.scopes) & set(token.scopes):
            wanted = " or ".join(self.scopes)
            _audit_call(request, action=Action.READ, token=token, outcome=f"no scope {wanted}")
            raise HttpError(403, MISSING_SCOPE.format(scope=wanted))
        live: PartnerToken = token
        return live


def _token(request: HttpRequest) -> PartnerToken:
    token: PartnerToken = request.auth  # type: ignore[attr-defined]
    return token


api = NinjaAPI(
    title="Safeguard partner API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="partner_api",
    docs=ApiReference(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        # Ninja's locations start with where the value was (body, header, ...) and the
        # parameter's name; the partner wants the field in their own document.
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] in ("body", "header", "query", "path"):
            loc = loc[1:] if loc[0] != "body" else loc[2:] if len(loc) > 1 else loc[1:]
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append(f"{'.'.join(loc)}: {message}" if loc else message)
    auth = getattr(request, "auth", None)
    _audit_call(
        request,
        action=Action.READ,
        token=auth if isinstance(auth, PartnerToken) else None,
        outcome="invalid input",
        # Where the errors were, never the values sent.
        details={"fields": [e.split(":", 1)[0] for e in errors][:50]},
    )
    return api.create_response(request, {"detail": INVALID_INPUT, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": NOT_AUTHENTICATED}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.post(
    "/events",
    auth=PartnerTokenAuth(Scope.EVENTS_SUBMIT),
    response={
        201: SubmissionOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: InvalidInputOut,
        503: ErrorOut,
    },
    summary="Tell children's social care about an event in a child's life",
    tags=["events"],
)
def event_submit(
    request: HttpRequest,
    payload: SubmissionIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=200),
) -> Any:
    token = _token(request)
    try:
        received = services.submission_receive(
            token=token,
            payload=payload,
            idempotency_key=idempotency_key.strip(),
            request=request,
        )
    except services.IdempotencyKeyReused as error:
        _audit_call(request, action=Action.CREATE, token=token, outcome="idempotency key reused")
        return Status(422, {"detail": str(error)})
    except services.PersonRefused as error:
        _audit_call(
            request,
            action=Action.CREATE,
            token=token,
            outcome="invalid input",
            details={"fields": [error.field]},
        )
        return Status(422, {"detail": INVALID_INPUT, "errors": [str(error)]})
    except services.LinkageUnavailable:
        _audit_call(request, action=Action.CREATE, token=token, outcome="linkage unavailable")
        return Status(503, {"detail": LINKAGE_UNAVAILABLE})
    except services.FrontDoorUnavailable:
        _audit_call(request, action=Action.CREATE, token=token, outcome="front door unavailable")
        return Status(503, {"detail": FRONT_DOOR_UNAVAILABLE})
    submission = received.submission
    if received.replayed:
        _audit_call(
            request,
            action=Action.READ,
            token=token,
            outcome="retry answered from the first submission",
            object_type="agencies.partnersubmission",
            object_id=submission.pk,
        )
    return Status(submission.response_status, submission.response_body)


@api.post(
    "/events/bulk",
    auth=PartnerTokenAuth(Scope.EVENTS_BULK),
    response={
        200: BatchOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: InvalidInputOut,
        503: ErrorOut,
    },
    summary="Send many events at once (a nightly extract); every row is reported",
    tags=["events"],
)
def events_bulk_submit(
    request: HttpRequest,
    payload: BatchIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=200),
) -> Any:
    token = _token(request)
    try:
        result = services.batch_receive(
            organisation=token.organisation,
            token=token,
            rows=payload.rows,
            idempotency_key=idempotency_key.strip(),
            request=request,
        )
    except services.IdempotencyKeyReused as error:
        _audit_call(request, action=Action.CREATE, token=token, outcome="idempotency key reused")
        return Status(422, {"detail": str(error)})
    except services.LinkageUnavailable:
        _audit_call(request, action=Action.CREATE, token=token, outcome="linkage unavailable")
        return Status(503, {"detail": LINKAGE_UNAVAILABLE})
    if result.replayed:
        _audit_call(
            request,
            action=Action.READ,
            token=token,
            outcome="retry answered from the first batch",
            object_type="agencies.partnerbatch",
            object_id=result.batch.pk,
        )
    return Status(200, result.batch.report)


def _read_scope_auth() -> PartnerTokenAuth:
    # Either sending scope may read back what it sent.
    return PartnerTokenAuth(Scope.EVENTS_SUBMIT, Scope.EVENTS_BULK)


@api.get(
    "/submissions/{submission_id}",
    auth=_read_scope_auth(),
    response={
        200: SubmissionOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: InvalidInputOut,
    },
    summary="What became of a submission (without case detail)",
    tags=["events"],
)
def submission_read(request: HttpRequest, submission_id: int) -> Any:
    token = _token(request)
    submission = PartnerSubmission.objects.filter(
        pk=submission_id, organisation=token.organisation
    ).first()
    _audit_call(
        request,
        action=Action.READ,
        token=token,
        outcome="read" if submission else "not found",
        object_type="agencies.partnersubmission",
        object_id=submission_id,
    )
    if submission is None:
        return Status(404, {"detail": NOT_FOUND})
    # Decided when the signals it raised have all been acknowledged.
    submission = services.submission_outcome_refresh(submission)
    return Status(200, services.submission_response(submission))


@api.get(
    "/batches/{batch_id}",
    auth=_read_scope_auth(),
    response={200: BatchOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidInputOut},
    summary="The per-row report of a bulk request or imported file",
    tags=["events"],
)
def batch_read(request: HttpRequest, batch_id: int) -> Any:
    token = _token(request)
    batch = PartnerBatch.objects.filter(pk=batch_id, organisation=token.organisation).first()
    _audit_call(
        request,
        action=Action.READ,
        token=token,
        outcome="read" if batch else "not found",
        object_type="agencies.partnerbatch",
        object_id=batch_id,
    )
    if batch is None:
        return Status(404, {"detail": "No batch with this id was sent by your organisation"})
    return Status(200, batch.report)


@api.post(
    "/check",
    auth=PartnerTokenAuth(Scope.CHECK_READ),
    response={
        200: CheckOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        409: CheckNotConfirmedOut,
        422: InvalidInputOut,
    },
    summary="Is this child on a child protection plan or looked after? (flags only)",
    tags=["check"],
)
def check_ask(request: HttpRequest, payload: CheckIn) -> Any:
    # POST, not GET: the child's identifiers stay out of URLs and server logs.
    token = _token(request)
    answer = services.partner_check_ask(
        organisation=token.organisation, question=payload, token=token, request=request
    )
    if not answer.confirmed:
        # 409, not 200 with both flags false: a client that reads only the flags must not
        # show a near miss as "no" (409 has always meant "not answered: read detail").
        return Status(
            409,
            {
                "detail": answer.message,
                "answer": answer.answer,
                "front_door_phone": answer.responsible_team_phone,
            },
        )
    return Status(
        200,
        {
            "child_protection_plan": answer.child_protection_plan,
            "child_protection_plan_start_date": answer.child_protection_plan_start_date,
            "looked_after": answer.looked_after,
            "looked_after_start_date": answer.looked_after_start_date,
            "responsible_team_phone": answer.responsible_team_phone,
            "answer": answer.answer,
        },
    )
