"""The partner API (Django Ninja), mounted at /api/.

Every operation needs a partner token (`Authorization: Bearer sgp_...`) with the operation's
scope; a token sees only what its own organisation sent, and may make
settings.SAFEGUARD_API_REQUESTS_PER_MINUTE requests a minute. Every call is audited: a call
answered 4xx or 5xx is `Action.REFUSED` (object type "api", with the status, the path, the
token and the organisation, never what was sent). Views only parse and answer: the work is
in `services`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# The function behind `ninja.Header`: `ninja.Header` itself is typed as `Annotated[T, ...]`
# for the `Header[str]` form, which mypy does not accept when called with an alias.
from ninja.params.functions import Header
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
    IdempotencyKey,
    InvalidInputOut,
    SubmissionIn,
    SubmissionOut,
    printable,
)

NOT_AUTHENTICATED = (
    "Give a live partner token: Authorization: Bearer <token> (unknown, expired and revoked "
    "tokens are refused)"
)
MISSING_SCOPE = "This token does not have the scope {scope}"
NOT_FOUND = "No submission with this id was sent by your organisation"
BATCH_NOT_FOUND = "No batch with this id was sent by your organisation"
BODY_TOO_LARGE = (
    "The request body is larger than the {limit} this service takes: nothing was stored. "
    "Send a large extract as several bulk requests, each under {limit}"
)
SERVER_ERROR = (
    "Something went wrong on our side. Send the request again later with the same "
    "Idempotency-Key, so that it is stored once; if you are worried about a child now, phone "
    "the front door"
)
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
characters) so a retried request is stored once: the retry gets the first response again,
however many retries arrive at once.

A token may make a limited number of requests a minute (120 unless the authority sets
another): past it, the answer is 429 with a `Retry-After` header (seconds to wait). A
request body larger than the service takes (2.5 MB unless the authority sets another) is
answered 413: split a large extract into several bulk requests. Every refused call is
recorded in the authority's audit trail (its status and path, never its content).

Once a submission is decided, its `outcome` says what became of it in fixed words. Only a
token allowed the partner check (scope `check:read`) is told whether the child is allocated
to a social worker ("passed to the allocated team"); any other token reads "Recorded on the
child's multi-agency chronology." for both, as the partner check itself never tells whether
children's social care knows a child.
"""


logger = logging.getLogger(__name__)


def _audit_details(request: HttpRequest, token: PartnerToken | None) -> dict[str, Any]:
    return {
        "method": request.method,
        # A path may carry any character (%00): PostgreSQL cannot store NUL.
        "path": printable(request.path),
        "organisation": token.organisation_id if token else None,
        "token": token.prefix if token else "",
        "token_id": token.pk if token else None,
    }


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
        details={**_audit_details(request, token), "outcome": outcome, **(details or {})},
    )


def _audit_refused(
    request: HttpRequest,
    *,
    status: int,
    outcome: str,
    token: PartnerToken | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Every call the API turns away (any 4xx or 5xx): the status, the path, the token and
    its organisation, and where the fault was, never what was sent."""
    if token is None:
        auth = getattr(request, "auth", None)
        token = auth if isinstance(auth, PartnerToken) else None
    audit_record(
        action=Action.REFUSED,
        actor=None,
        request=request,
        object_type="api",
        details={
            "status": status,
            **_audit_details(request, token),
            "outcome": outcome,
            **(details or {}),
        },
    )


class CallRefused(HttpError):
    """A call turned away by the API's own rules (no scope, over the rate limit), with the
    token it came with, which Ninja has not yet attached to the request."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        token: PartnerToken,
        outcome: str,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(status_code, message)
        self.token, self.outcome, self.retry_after = token, outcome, retry_after


class PartnerTokenAuth(HttpBearer):
    """A live token with the operation's scope, within its rate limit. Missing or dead
    tokens get 401, a live token without the scope gets 403, a token over its limit 429."""

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
            return None  # 401, audited by its handler
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: Any) -> PartnerToken | None:
        live: PartnerToken = token
        if not set(self.scopes) & set(live.scopes):
            wanted = " or ".join(self.scopes)
            raise CallRefused(
                403,
                MISSING_SCOPE.format(scope=wanted),
                token=live,
                outcome=f"no scope {wanted}",
            )
        admission = services.partner_token_request_admit(token=live)
        if not admission.allowed:
            raise CallRefused(
                429,
                admission.message,
                token=live,
                outcome="over the rate limit",
                retry_after=admission.retry_after,
            )
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
        loc = [printable(str(p)) for p in error.get("loc", ())]
        if loc and loc[0] in ("body", "header", "query", "path"):
            loc = loc[1:] if loc[0] != "body" else loc[2:] if len(loc) > 1 else loc[1:]
        message = printable(str(error.get("msg", "invalid")).removeprefix("Value error, "))
        errors.append(f"{'.'.join(loc)}: {message}" if loc else message)
    _audit_refused(
        request,
        status=422,
        outcome="invalid input",
        # Where the errors were, never the values sent.
        details={"fields": [e.split(":", 1)[0] for e in errors][:50]},
    )
    return api.create_response(request, {"detail": INVALID_INPUT, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    _audit_refused(request, status=401, outcome="no live token")
    response = api.create_response(request, {"detail": NOT_AUTHENTICATED}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(CallRefused)
def _call_refused(request: HttpRequest, exc: CallRefused) -> HttpResponse:
    _audit_refused(request, status=exc.status_code, outcome=exc.outcome, token=exc.token)
    response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own refusals, such as a body that is not JSON (400).
    _audit_refused(request, status=exc.status_code, outcome=exc.message)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def _body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE; left alone, that is a
    # bare 400 page (or a 500), not an answer a partner's system can act on.
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    _audit_refused(
        request,
        status=413,
        outcome="body too large",
        details={"content_length": request.META.get("CONTENT_LENGTH", "")},
    )
    return api.create_response(request, {"detail": BODY_TOO_LARGE.format(limit=limit)}, status=413)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The exception's type only: its message may quote what was sent.
    logger.error("partner API error on %s: %s", request.path, type(exc).__name__, exc_info=exc)
    try:
        _audit_refused(request, status=500, outcome=f"server error ({type(exc).__name__})")
    except DatabaseError:
        logger.error("partner API error on %s could not be audited", request.path)
    return api.create_response(request, {"detail": SERVER_ERROR}, status=500)


def _refused(
    request: HttpRequest,
    token: PartnerToken,
    status: int,
    body: dict[str, Any],
    *,
    outcome: str,
    details: dict[str, Any] | None = None,
) -> Status[dict[str, Any]]:
    _audit_refused(request, status=status, outcome=outcome, token=token, details=details)
    return Status(status, body)


# What any operation may answer besides its own: refusals of the call itself.
REFUSALS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    413: ErrorOut,
    422: InvalidInputOut,
    429: ErrorOut,
    500: ErrorOut,
}
RETRY_AFTER: dict[str, Any] = {
    "responses": {
        429: {
            "description": "Over the token's requests a minute; wait Retry-After seconds",
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before sending again",
                    "schema": {"type": "integer"},
                }
            },
        }
    }
}


# Both sending operations take it: any unique string up to 200 characters.
IDEMPOTENCY_KEY_HEADER: Any = Header("", alias="Idempotency-Key", max_length=200)


def _may_learn_child_status(token: PartnerToken) -> bool:
    return services.partner_may_learn_child_status(token=token)


@api.post(
    "/events",
    auth=PartnerTokenAuth(Scope.EVENTS_SUBMIT),
    response={201: SubmissionOut, 503: ErrorOut, **REFUSALS},
    openapi_extra=RETRY_AFTER,
    summary="Tell children's social care about an event in a child's life",
    tags=["events"],
)
def event_submit(
    request: HttpRequest,
    payload: SubmissionIn,
    idempotency_key: IdempotencyKey = IDEMPOTENCY_KEY_HEADER,
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
        return _refused(
            request, token, 422, {"detail": str(error)}, outcome="idempotency key reused"
        )
    except services.PersonRefused as error:
        return _refused(
            request,
            token,
            422,
            {"detail": INVALID_INPUT, "errors": [str(error)]},
            outcome="invalid input",
            details={"fields": [error.field]},
        )
    except services.LinkageUnavailable:
        return _refused(
            request, token, 503, {"detail": LINKAGE_UNAVAILABLE}, outcome="linkage unavailable"
        )
    except services.FrontDoorUnavailable:
        return _refused(
            request,
            token,
            503,
            {"detail": FRONT_DOOR_UNAVAILABLE},
            outcome="front door unavailable",
        )
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
    body = services.submission_reply(
        submission.response_body, may_learn_child_status=_may_learn_child_status(token)
    )
    return Status(submission.response_status, body)


@api.post(
    "/events/bulk",
    auth=PartnerTokenAuth(Scope.EVENTS_BULK),
    response={200: BatchOut, 503: ErrorOut, **REFUSALS},
    openapi_extra=RETRY_AFTER,
    summary="Send many events at once (a nightly extract); every row is reported",
    tags=["events"],
)
def events_bulk_submit(
    request: HttpRequest,
    payload: BatchIn,
    idempotency_key: IdempotencyKey = IDEMPOTENCY_KEY_HEADER,
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
        return _refused(
            request, token, 422, {"detail": str(error)}, outcome="idempotency key reused"
        )
    except services.LinkageUnavailable:
        return _refused(
            request, token, 503, {"detail": LINKAGE_UNAVAILABLE}, outcome="linkage unavailable"
        )
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
    response={200: SubmissionOut, 404: ErrorOut, **REFUSALS},
    openapi_extra=RETRY_AFTER,
    summary="What became of a submission (without case detail)",
    tags=["events"],
)
def submission_read(request: HttpRequest, submission_id: int) -> Any:
    token = _token(request)
    submission = PartnerSubmission.objects.filter(
        pk=submission_id, organisation=token.organisation
    ).first()
    if submission is None:
        # Another organisation's, or none: the same answer, so its existence does not leak.
        return _refused(
            request,
            token,
            404,
            {"detail": NOT_FOUND},
            outcome="not found",
            details={"submission": submission_id},
        )
    _audit_call(
        request,
        action=Action.READ,
        token=token,
        outcome="read",
        object_type="agencies.partnersubmission",
        object_id=submission_id,
    )
    # Decided when the signals it raised have all been acknowledged.
    submission = services.submission_outcome_refresh(submission)
    body = services.submission_reply(
        services.submission_response(submission),
        may_learn_child_status=_may_learn_child_status(token),
    )
    return Status(200, body)


@api.get(
    "/batches/{batch_id}",
    auth=_read_scope_auth(),
    response={200: BatchOut, 404: ErrorOut, **REFUSALS},
    openapi_extra=RETRY_AFTER,
    summary="The per-row report of a bulk request or imported file",
    tags=["events"],
)
def batch_read(request: HttpRequest, batch_id: int) -> Any:
    token = _token(request)
    batch = PartnerBatch.objects.filter(pk=batch_id, organisation=token.organisation).first()
    if batch is None:
        return _refused(
            request,
            token,
            404,
            {"detail": BATCH_NOT_FOUND},
            outcome="not found",
            details={"batch": batch_id},
        )
    _audit_call(
        request,
        action=Action.READ,
        token=token,
        outcome="read",
        object_type="agencies.partnerbatch",
        object_id=batch_id,
    )
    return Status(200, batch.report)


@api.post(
    "/check",
    auth=PartnerTokenAuth(Scope.CHECK_READ),
    response={200: CheckOut, 409: CheckNotConfirmedOut, **REFUSALS},
    openapi_extra=RETRY_AFTER,
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
