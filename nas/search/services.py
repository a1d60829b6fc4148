"""The one search: every provider, within the caller's scope, audited."""

from __future__ import annotations

from typing import Any

from nas.audit.models import AuditAction
from nas.audit.services import audit_record, audit_records
from nas.search.providers import Query, Section, registered


def search(*, user: Any, text: str, where: str = "search") -> tuple[Query, list[Section]]:
    """The sections of hits for this person (only kinds of record they may
    list). The search is one audit entry with the query and what was
    listed; each record listed is a read of it, audited on its own trail."""
    query = Query.parse(text)
    if query.empty:
        return query, []
    sections = [s for s in (provider(user, query) for provider in registered()) if s is not None]
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        record_type="search.query",
        record_id="-",
        detail={
            "query": query.text,
            "listed": {s.key: [h.pk for h in s.hits] for s in sections if s.hits},
            "where": where,
        },
    )
    for section in sections:
        if section.policy is not None and section.policy.audited_reads and section.hits:
            audit_records(
                actor=user,
                action=AuditAction.VIEW,
                record_type=section.policy.record_type,
                entries=[(h.pk, {"listed_in": where, "query": query.text}) for h in section.hits],
            )
    return query, sections
