"""Writes to the providers register: a provider added or its details changed, an Ofsted
inspection recorded, a file of Ofsted's data imported. Each checks the register's rules
(`providers.rules`), writes in one transaction and writes its own audit entry.

Nothing is written to tell anyone of an inadequate grade: the placement review it makes due is
read from the record as it stands (`selectors.placements_to_review`, on each worker's and
team manager's task list), so it appears the moment the grade is recorded and goes when the
review is held or the child leaves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.audit.models import Action
from safeguard.audit.services import audit_record
from safeguard.common.types import AnyUser

from . import rules
from .codes import Grade, InspectionSource
from .models import OfstedImport, OfstedInspection, Provider
from .ofsted_file import InspectionLine, OfstedFile, ProviderLine, RowError, ofsted_file_read
from .rules import Problem, ProvidersRefused, refuse_if
from .selectors import children_placed_count, current_grades, with_current_grade

# The details an import keeps up to date (the URN is who the provider is).
PROVIDER_DETAILS = (
    "kind",
    "registration_status",
    "name",
    "postcode",
    "local_authority",
    "sector",
    "owner",
)
# An imported file never blanks what the register knows: Ofsted withholds children's homes'
# names and addresses, which the authority may have added.
KEPT_WHEN_BLANK = frozenset({"name", "postcode", "local_authority", "sector", "owner"})


def _signed_in(user: AnyUser | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def _full_clean(instance: Provider | OfstedInspection) -> None:
    """Model validation as the register's rules: a message beside the field it names."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ProvidersRefused(
            Problem(message, (name,))
            for name, messages in error.message_dict.items()
            for message in messages
        ) from None


def provider_create(
    *,
    urn: str,
    kind: str,
    name: str = "",
    postcode: str = "",
    local_authority: str = "",
    registration_status: str,
    sector: str = "",
    owner: str = "",
    created_by: AnyUser | None,
) -> Provider:
    """Add a provider to the register by its Ofsted URN (one entry a URN)."""
    urn = rules.urn_normalise(urn)
    refuse_if(rules.urn_problems(urn))
    provider = Provider(
        urn=urn,
        kind=kind,
        name=" ".join(name.split()),
        postcode=" ".join(postcode.upper().split()),
        local_authority=" ".join(local_authority.split()),
        registration_status=registration_status,
        sector=sector,
        owner=owner,
    )
    _full_clean(provider)
    with transaction.atomic():
        existing = Provider.objects.filter(urn=urn).first()
        if existing is not None:
            raise ProvidersRefused(
                [Problem(rules.URN_TAKEN.format(urn=urn, name=existing.display_name), ("urn",))]
            )
        provider.save()
        audit_record(
            action=Action.CREATE,
            actor=_signed_in(created_by),
            object_type="providers.provider",
            object_id=provider.urn,
        )
    return provider


def provider_change(
    *,
    provider: Provider,
    kind: str,
    name: str,
    postcode: str,
    local_authority: str,
    registration_status: str,
    changed_by: AnyUser | None,
) -> list[str]:
    """Correct or update a provider's details (not its URN, which is who it is). Returns the
    details that changed; changing nothing writes nothing."""
    new = {
        "kind": kind,
        "name": " ".join(name.split()),
        "postcode": " ".join(postcode.upper().split()),
        "local_authority": " ".join(local_authority.split()),
        "registration_status": registration_status,
    }
    with transaction.atomic():
        provider = Provider.objects.select_for_update().get(pk=provider.pk)
        changed = [name for name, value in new.items() if getattr(provider, name) != value]
        if not changed:
            return []
        for name_, value in new.items():
            setattr(provider, name_, value)
        _full_clean(provider)
        provider.save(update_fields=[*changed, "updated_at"])
        audit_record(
            action=Action.UPDATE,
            actor=_signed_in(changed_by),
            object_type="providers.provider",
            object_id=provider.urn,
            details={"changed": changed},
        )
    return changed


@dataclass(frozen=True)
class InspectionRecorded:
    inspection: OfstedInspection
    # The provider's current grade fell to inadequate with this inspection.
    became_inadequate: bool
    # Children placed with the provider now (their workers and managers have a task).
    children_placed: int


def inspection_record(
    *,
    provider: Provider,
    kind: str,
    inspection_date: date,
    grade: str,
    publication_date: date | None,
    recorded_by: AnyUser | None,
    today: date,
) -> InspectionRecorded:
    """Record an Ofsted inspection of the provider as its report gives it. If it makes the
    provider's current grade inadequate, the placement of each child placed there is due for
    review (`selectors.placements_to_review`)."""
    refuse_if(
        rules.inspection_date_problems(
            inspection_date=inspection_date, publication_date=publication_date, today=today
        )
    )
    inspection = OfstedInspection(
        provider=provider,
        kind=kind,
        inspection_date=inspection_date,
        grade=grade,
        publication_date=publication_date,
        source=InspectionSource.ENTERED,
        recorded_by=_signed_in(recorded_by),
        recorded_at=timezone.now(),
    )
    _full_clean(inspection)
    with transaction.atomic():
        # One writer of a provider's inspections at a time, so "became inadequate" is true once.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        before = current_grades([provider.urn]).get(provider.urn, "")
        same = OfstedInspection.objects.filter(
            provider=provider, inspection_date=inspection_date, kind=kind
        ).first()
        if same is not None:
            raise ProvidersRefused([_already_recorded(same)])
        try:
            with transaction.atomic():
                inspection.save()
        except IntegrityError:
            raise ProvidersRefused([_already_recorded(inspection)]) from None
        after = current_grades([provider.urn]).get(provider.urn, "")
        fell = rules.became_inadequate(before, after)
        audit_record(
            action=Action.CREATE,
            actor=_signed_in(recorded_by),
            object_type="providers.ofstedinspection",
            object_id=inspection.pk,
            details={"provider": provider.urn, "grade": grade, "became_inadequate": fell},
        )
    placed = children_placed_count([provider.urn]).get(provider.urn, 0) if fell else 0
    return InspectionRecorded(inspection=inspection, became_inadequate=fell, children_placed=placed)


def _already_recorded(inspection: OfstedInspection) -> Problem:
    return Problem(
        rules.INSPECTION_ALREADY_RECORDED.format(
            kind=inspection.get_kind_display().lower(),
            day=f"{inspection.inspection_date.day} {inspection.inspection_date:%B %Y}",
            grade=Grade(inspection.grade).label if inspection.grade else "no grade",
        ),
        ("inspection_date",),
    )


# --- Importing Ofsted's file ----------------------------------------------------------------


@dataclass(frozen=True)
class NewlyInadequate:
    urn: str
    name: str
    rated_on: date | None
    children_placed: int


@dataclass(frozen=True)
class OfstedImportReport:
    """What became of a file. `refused` or `errors`: nothing was written. Otherwise it was
    imported (`import_id`), or changed nothing (`unchanged`)."""

    file_name: str
    rows: int = 0
    refused: str = ""
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    import_id: int | None = None
    providers_added: int = 0
    providers_changed: int = 0
    inspections_added: int = 0
    inspections_changed: int = 0
    newly_inadequate: list[NewlyInadequate] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return not self.refused and not self.error_count

    @property
    def unchanged(self) -> bool:
        return self.imported and self.import_id is None

    @property
    def errors_not_listed(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def summary(self) -> str:
        if self.refused:
            return f"Nothing was imported. {self.refused}"
        if self.error_count:
            return (
                f"Nothing was imported: {self.error_count} "
                f"{'problem' if self.error_count == 1 else 'problems'} in {self.rows} rows. "
                "Correct them and import the file again."
            )
        if self.unchanged:
            return (
                f"{self.rows} rows read. Nothing changed: the register already holds every "
                "provider and inspection in this file."
            )
        return (
            f"{self.rows} rows read: {self.providers_added} providers added, "
            f"{self.providers_changed} changed; {self.inspections_added} inspections added, "
            f"{self.inspections_changed} corrected."
        )


def ofsted_file_import(
    *,
    data: bytes,
    file_name: str,
    imported_by: AnyUser | None,
    today: date,
    encoding: str | None = None,
) -> OfstedImportReport:
    """Import Ofsted's provider-level file: every row is checked first, and the file is
    imported only if every row is right, in one transaction; otherwise nothing is written and
    each problem is reported by row and column with how to fix it. Importing the same file
    again changes nothing. Providers whose current grade it makes inadequate are reported
    with the number of children placed there (whose workers now have a task)."""
    read = ofsted_file_read(data, file_name=file_name, today=today, encoding=encoding)
    if not read.valid:
        audit_record(
            action=Action.REFUSED,
            actor=_signed_in(imported_by),
            object_type="providers.ofstedimport",
            details={
                "file": file_name[:255],
                "sha256": read.sha256,
                "rows": read.rows,
                "problems": read.error_count or 1,
            },
        )
        return OfstedImportReport(
            file_name=file_name,
            rows=read.rows,
            refused=read.refused,
            errors=read.errors,
            error_count=read.error_count,
        )
    with transaction.atomic():
        return _apply(read, imported_by)


def _apply(read: OfstedFile, imported_by: AnyUser | None) -> OfstedImportReport:
    urns = sorted(read.providers.keys() | {line.urn for line in read.inspections})
    existing = _providers_by_urn(urns)
    before = current_grades(urns)
    added = [_new_provider(line) for urn, line in read.providers.items() if urn not in existing]
    changed = [
        provider
        for urn, line in read.providers.items()
        if (provider := existing.get(urn)) is not None and _update(provider, line)
    ]
    known = _inspections_of([p.pk for p in existing.values()])
    new_lines: list[InspectionLine] = []
    corrected: list[OfstedInspection] = []
    for line in read.inspections:
        inspection = known.get(line.key)
        if inspection is None:
            new_lines.append(line)
        elif _correct(inspection, line):
            corrected.append(inspection)
    if not (added or changed or new_lines or corrected):
        audit_record(
            action=Action.UPDATE,
            actor=_signed_in(imported_by),
            object_type="providers.ofstedimport",
            details={"file": read.file_name[:255], "sha256": read.sha256, "unchanged": True},
        )
        return OfstedImportReport(file_name=read.file_name, rows=read.rows)
    now = timezone.now()
    record = OfstedImport.objects.create(
        file_name=read.file_name[:255],
        file_sha256=read.sha256,
        imported_by=_signed_in(imported_by),
        imported_at=now,
        rows=read.rows,
        providers_added=len(added),
        providers_changed=len(changed),
        inspections_added=len(new_lines),
        inspections_changed=len(corrected),
    )
    Provider.objects.bulk_create(added, batch_size=500)
    if changed:
        Provider.objects.bulk_update(changed, [*PROVIDER_DETAILS, "updated_at"], batch_size=500)
    ids = {urn: provider.pk for urn, provider in _providers_by_urn(urns).items()}
    OfstedInspection.objects.bulk_create(
        [
            OfstedInspection(
                provider_id=ids[line.urn],
                kind=line.kind,
                inspection_date=line.inspection_date,
                grade=line.grade,
                publication_date=line.publication_date,
                event_number=line.event_number,
                source=InspectionSource.IMPORTED,
                ofsted_import=record,
                recorded_by=_signed_in(imported_by),
                recorded_at=now,
            )
            for line in new_lines
        ],
        batch_size=500,
    )
    for inspection in corrected:
        inspection.source = InspectionSource.IMPORTED
        inspection.ofsted_import = record
    if corrected:
        OfstedInspection.objects.bulk_update(
            corrected,
            ["grade", "publication_date", "event_number", "source", "ofsted_import"],
            batch_size=500,
        )
    newly = _newly_inadequate(urns, before)
    audit_record(
        action=Action.CREATE,
        actor=_signed_in(imported_by),
        object_type="providers.ofstedimport",
        object_id=record.pk,
        details={
            "file": record.file_name,
            "sha256": record.file_sha256,
            "rows": record.rows,
            "providers_added": record.providers_added,
            "providers_changed": record.providers_changed,
            "inspections_added": record.inspections_added,
            "inspections_changed": record.inspections_changed,
            "became_inadequate": [n.urn for n in newly],
        },
    )
    return OfstedImportReport(
        file_name=read.file_name,
        rows=read.rows,
        import_id=record.pk,
        providers_added=len(added),
        providers_changed=len(changed),
        inspections_added=len(new_lines),
        inspections_changed=len(corrected),
        newly_inadequate=newly,
    )


def _providers_by_urn(urns: Sequence[str]) -> dict[str, Provider]:
    found: dict[str, Provider] = {}
    for start in range(0, len(urns), 500):
        for provider in Provider.objects.filter(urn__in=list(urns[start : start + 500])):
            found[provider.urn] = provider
    return found


def _inspections_of(provider_ids: Sequence[int]) -> dict[tuple[str, date, str], OfstedInspection]:
    found: dict[tuple[str, date, str], OfstedInspection] = {}
    ids = list(provider_ids)
    for start in range(0, len(ids), 500):
        for inspection in OfstedInspection.objects.filter(
            provider_id__in=ids[start : start + 500]
        ).select_related("provider"):
            key = (inspection.provider.urn, inspection.inspection_date, inspection.kind)
            found[key] = inspection
    return found


def _new_provider(line: ProviderLine) -> Provider:
    return Provider(urn=line.urn, **{name: getattr(line, name) for name in PROVIDER_DETAILS})


def _update(provider: Provider, line: ProviderLine) -> bool:
    """Bring the provider's details up to date with the file's; True if any changed."""
    changed = False
    for name in PROVIDER_DETAILS:
        value = getattr(line, name)
        if (name in KEPT_WHEN_BLANK and not value) or getattr(provider, name) == value:
            continue
        setattr(provider, name, value)
        changed = True
    if changed:
        provider.updated_at = timezone.now()
    return changed


def _correct(inspection: OfstedInspection, line: InspectionLine) -> bool:
    """Ofsted's data is the record of its own inspections: a grade, publication date or
    event number it gives differently from the register's corrects the register's. A blank
    in the file leaves what the register knows."""
    changed = False
    if inspection.grade != line.grade:
        inspection.grade = line.grade
        changed = True
    if line.publication_date and inspection.publication_date != line.publication_date:
        inspection.publication_date = line.publication_date
        changed = True
    if line.event_number and inspection.event_number != line.event_number:
        inspection.event_number = line.event_number
        changed = True
    return changed


def _newly_inadequate(urns: Sequence[str], before: dict[str, str]) -> list[NewlyInadequate]:
    after = current_grades(urns)
    fell = [urn for urn in urns if rules.became_inadequate(before.get(urn, ""), after.get(urn, ""))]
    if not fell:
        return []
    placed = children_placed_count(fell)
    providers = {p.urn: p for p in _providers_with_dates(fell)}
    return [
        NewlyInadequate(
            urn=urn,
            name=providers[urn].display_name,
            rated_on=getattr(providers[urn], "current_inspected_on", None),
            children_placed=placed.get(urn, 0),
        )
        for urn in fell
    ]


def _providers_with_dates(urns: Sequence[str]) -> list[Provider]:
    return list(with_current_grade(Provider.objects.filter(urn__in=list(urns))))
