"""Writes for the statutory returns: recording a child's SSDA903 details, and
exporting an authority's return. Each takes the acting person, validates,
runs in one transaction and records its own audit entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record, audit_records
from nas.children.care_history import journey_history_write
from nas.children.models import Child
from nas.core.records import StaleRecordError
from nas.organisations.models import Organisation
from nas.returns import codes, selectors
from nas.returns.models import DETAIL_FIELDS, Ssda903Details
from nas.returns.policies import ssda903 as ssda903_policy
from nas.returns.ssda903 import TABLES, Ssda903Return

CHILD_RECORD_TYPE = "children.child"
# Placement orders began with the Adoption and Children Act 2002 (in force 30 December 2005).
FIRST_YEAR = 2006


def current_collection_year(today: date | None = None) -> int:
    """The collection year that today falls in (it ends on 31 March)."""
    today = today or timezone.localdate()
    return today.year if today.month <= 3 else today.year + 1


def latest_complete_year(today: date | None = None) -> int:
    return current_collection_year(today) - 1


def check_year(value: Any) -> int:
    """A collection year a return can be made for: from the first year of
    placement orders to the year in progress."""
    last = current_collection_year()
    message = _("Choose a collection year from %(first)s to %(last)s, for example %(example)s") % {
        "first": FIRST_YEAR,
        "last": last,
        "example": last - 1,
    }
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"year": message}) from None
    if not FIRST_YEAR <= year <= last:
        raise ValidationError({"year": message})
    return year


def check_details(values: dict[str, str]) -> dict[str, str]:
    """The details as codes, checked against the DfE's own rules so the return
    does not fail them later: UPN format (rule 168) and the adopters' sex
    against their legal status (rules 511, 514, 517, 518, 519, 520, 524)."""
    clean = {name: str(values.get(name) or "").strip() for name in DETAIL_FIELDS}
    clean["upn"] = clean["upn"].upper().replace(" ", "")
    errors: dict[str, str] = {}
    if clean["upn"] and not codes.UPN_PATTERN.match(clean["upn"]):
        errors["upn"] = _(
            "Enter a UPN as a letter and 12 digits (or 11 digits and a letter), or a code from UN1 to UN5"
        )
    sex, status = clean["adopters_sex"], clean["adopters_legal_status"]
    if sex and status and sex not in codes.ADOPTERS_SEX_FOR_LEGAL_STATUS.get(status, frozenset()):
        single = sex in codes.SINGLE_ADOPTER
        errors["adopters_legal_status"] = (
            _("One adopter is a single person: choose 'A single person'")
            if single
            else _("The adopters' legal status does not fit the adopters you chose: check both")
        )
    if errors:
        raise ValidationError(errors)
    return clean


def details_save(
    *, actor: Any, child: Child, values: dict[str, str], expected_version: int | None
) -> Ssda903Details:
    """Record the child's SSDA903 details. `expected_version` is the version
    the person opened (None if there was no record yet): a newer save by
    someone else is never overwritten."""
    clean = check_details(values)
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        details = Ssda903Details.objects.filter(child=locked).first()
        if details is None:
            if expected_version not in (None, 0):
                raise StaleRecordError
            before = dict.fromkeys(DETAIL_FIELDS, "")
            details = Ssda903Details.objects.create(child=locked, **clean)
        else:
            if expected_version != details.version:
                raise StaleRecordError
            before = {name: getattr(details, name) for name in DETAIL_FIELDS}
            Ssda903Details.objects.filter(pk=details.pk).update(
                **clean, version=F("version") + 1, updated_at=timezone.now()
            )
            details.refresh_from_db()
        changes = {
            name: {"from": before[name], "to": value}
            for name, value in clean.items()
            if before[name] != value
        }
        if changes:
            # The episodes of a child recorded by hand carry these details.
            journey_history_write([locked.pk])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                record_type=CHILD_RECORD_TYPE,
                record_id=locked.pk,
                detail={"ssda903_details": changes},
            )
    return details


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes
    result: Ssda903Return


def ssda903_export(*, actor: Any, authority: Organisation, year: int, table: str | None = None) -> Export:
    """The authority's SSDA903 return for a collection year: the four tables
    as a zip, or one table as CSV. One audit entry names the authority, the
    year and the row counts; each child exported gets its own entry."""
    export = ssda903_prepare(actor=actor, authority=authority, year=year, table=table)
    ssda903_audit(actor=actor, authority=authority, export=export, table=table)
    return export


def ssda903_prepare(*, actor: Any, authority: Organisation, year: int, table: str | None = None) -> Export:
    """The export's file, not yet audited: the worker (nas.returns.jobs) makes
    it first and audits it when the job is marked finished, in one transaction."""
    if not ssda903_policy.can(actor, "export", authority):
        raise PermissionDenied
    if table is not None and table not in TABLES:
        raise ValidationError(
            {"table": _("Choose one of the tables: %(tables)s") % {"tables": ", ".join(TABLES)}}
        )
    year = check_year(year)
    result = selectors.ssda903_return(authority=authority, year=year)
    if table is None:
        return Export(result.filename(), "application/zip", result.zip(), result)
    return Export(result.filename(table), "text/csv; charset=utf-8", result.csv(table), result)


def ssda903_audit(*, actor: Any, authority: Organisation, export: Export, table: str | None = None) -> None:
    result = export.result
    year = result.year.year
    if table is None:
        exported = result.children
    else:
        in_table = {row[0] for row in result.tables[table]}
        exported = {ref: pk for ref, pk in result.children.items() if ref in in_table}
    tables = TABLES if table is None else [table]
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            record_type=ssda903_policy.record_type,
            record_id=authority.pk,
            detail={
                "authority": authority.code,
                "year": year,
                "period": str(result.year),
                "tables": tables,
                "rows": {name: result.row_counts[name] for name in tables},
                "children": len(exported),
            },
        )
        audit_records(
            actor=actor,
            action=AuditAction.EXPORT,
            record_type=CHILD_RECORD_TYPE,
            entries=[
                (pk, {"export": "ssda903", "authority": authority.code, "year": year, "tables": tables})
                for pk in sorted(exported.values())
            ],
        )
