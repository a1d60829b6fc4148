"""The journey kernel: what a child's and an adopter household's journeys
share (docs/design.md, "The journey").

A journey is a state machine of dated milestones. Recording one moves its
owner (the child, the household) to a new stage or, for a side milestone,
leaves the stage as it is. This module holds the machine, the writing of one
milestone (the services) and of many (the import, the generator), and keeps
the owner's dates table with them. Each part says only its own transitions
and checks (nas.children.journey, nas.adopters.journey).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nas.audit.models import AuditAction
from nas.audit.services import audit_record
from nas.core.bulk import among, insert_rows
from nas.core.journey_dates import DatesTable
from nas.core.records import StaleRecordError


@dataclass(frozen=True)
class Transition:
    kind: str
    from_stages: frozenset[str]
    to_stage: str | None  # None: a side milestone, the stage stays as it is


class StateMachine:
    """Which milestones may follow which, and the stage each one leads to."""

    def __init__(self, transitions: Iterable[Transition], *, once_only: frozenset[str]) -> None:
        self.transitions: dict[str, Transition] = {t.kind: t for t in transitions}
        self.once_only = once_only
        #: Main-path milestones move the stage; side milestones do not.
        self.main_path = frozenset(k for k, t in self.transitions.items() if t.to_stage is not None)

    def allowed_next(self, stage: str | None, recorded: set[str]) -> list[str]:
        """The milestones that may be recorded now, in journey order."""
        return [
            kind
            for kind, transition in self.transitions.items()
            if (stage in transition.from_stages or (stage is None and not transition.from_stages))
            and not (kind in self.once_only and kind in recorded)
        ]

    def next_stage(self, stage: str | None, kind: str) -> str | None:
        transition = self.transitions[kind]
        return transition.to_stage if transition.to_stage is not None else stage

    def stage_after(self, kinds: Iterable[str], stage: str | None = None) -> str | None:
        """The stage after these milestones, in this order, from `stage`."""
        for kind in kinds:
            stage = self.next_stage(stage, kind)
        return stage


def day(value: date) -> str:
    """A date as the pages write it (27 March 2019)."""
    return formats.date_format(value, "j F Y")


def check_floor(previous: Any, when: date, field_name: str = "date") -> None:
    """A milestone may not be dated before the one it follows."""
    if previous is not None and when < previous.date:
        raise ValidationError(
            {
                field_name: _("The date cannot be before %(previous)s on %(date)s")
                % {"previous": previous.get_kind_display(), "date": day(previous.date)}
            }
        )


@dataclass(frozen=True)
class Step:
    """A milestone to record in bulk: its kind, date and coded detail."""

    kind: str
    date: date
    detail: dict[str, Any] = field(default_factory=dict)
    #: Where it came from (an import's file, row and column), for the report.
    source: Any = field(default=None, compare=False)


#: A part's checks of one new milestone: (locked owner, its milestones so far,
#: kind, date, detail) -> the detail to store. Raises ValidationError.
Check = Callable[[Any, list[Any], str, date, dict[str, Any]], dict[str, Any]]
#: What else recording the milestone does to the owner: (locked owner, the
#: milestone) -> further fields to update on the owner.
After = Callable[[Any, Any], dict[str, Any]]


@dataclass
class Journey:
    """One part's journey: its machine, its records, its dates table and the
    hooks other parts hang on it."""

    machine: StateMachine
    owner_model: type[models.Model]
    milestone_model: type[models.Model]
    #: The milestone's owner field ("child", "household").
    owner_field: str
    record_type: str
    dates: DatesTable
    kind_label: Callable[[str], str]
    stage_label: Callable[[str], str]
    #: Called with (actor=, <owner_field>=, milestone=) in the same transaction
    #: once a milestone is recorded, so other parts follow the journey without
    #: it knowing them.
    hooks: list[Callable[..., None]] = field(default_factory=list)
    #: Called once with (actor=, milestones=) after many are recorded together.
    bulk_hooks: list[Callable[..., None]] = field(default_factory=list)

    def lock(self, pk: int, expected_version: int | None) -> Any:
        """The owner's row, locked for this transaction; refuses if someone
        saved it since the person opened it at `expected_version`."""
        locked: Any = self.owner_model._default_manager.select_for_update().get(pk=pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleRecordError
        return locked

    def refuse_if_not_allowed(self, locked: Any, recorded: set[str], kind: str) -> None:
        if kind in self.machine.allowed_next(locked.stage, recorded):
            return
        if kind in self.machine.once_only and kind in recorded:
            message = _("%(milestone)s is already recorded. Correct its date instead.")
        else:
            message = _("%(milestone)s cannot be recorded at this stage (%(stage)s).")
        raise ValidationError(
            {"kind": message % {"milestone": self.kind_label(kind), "stage": self.stage_label(locked.stage)}}
        )

    def record(
        self,
        *,
        actor: Any,
        owner: Any,
        kind: str,
        when: date,
        detail: dict[str, Any] | None,
        expected_version: int | None,
        check: Check,
        after: After | None = None,
    ) -> Any:
        """Record one milestone, if the journey allows it now: the owner locked,
        the part's checks, the milestone, the new stage, the audit entry and the
        hooks, in one transaction."""
        if kind not in self.machine.transitions:
            raise ValidationError({"kind": _("Choose a milestone")})
        with transaction.atomic():
            locked = self.lock(owner.pk, expected_version)
            milestones = list(self._milestones_of(locked))
            self.refuse_if_not_allowed(locked, {m.kind for m in milestones}, kind)
            clean_detail = check(locked, milestones, kind, when, detail or {})
            milestone = self.milestone_model._default_manager.create(
                **{self.owner_field: locked},
                kind=kind,
                date=when,
                detail=clean_detail,
                recorded_by=_actor(actor),
                sequence=max((m.sequence for m in milestones), default=0) + 1,
            )
            new_stage = self.machine.next_stage(locked.stage, kind)
            updates: dict[str, Any] = {
                "stage": new_stage,
                "version": F("version") + 1,
                "updated_at": timezone.now(),
            }
            if after is not None:
                updates.update(after(locked, milestone))
            self.owner_model._default_manager.filter(pk=locked.pk).update(**updates)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                record_type=self.record_type,
                record_id=locked.pk,
                detail={
                    "milestone": kind,
                    "date": when.isoformat(),
                    "stage": {"from": locked.stage, "to": new_stage},
                    **clean_detail,
                },
            )
            for hook in self.hooks:
                hook(actor=actor, **{self.owner_field: locked}, milestone=milestone)
        owner.refresh_from_db()
        return milestone

    def correct(
        self,
        *,
        actor: Any,
        milestone: Any,
        when: date,
        reason: str,
        expected_version: int | None,
        check: Callable[[Any, list[Any]], None],
        after: Callable[[Any], None] | None = None,
    ) -> None:
        """Correct a milestone's date; the old date stays in the audit trail
        with the reason. `check` is given the locked owner and its journey with
        the new date in place."""
        with transaction.atomic():
            owner = self.lock(getattr(milestone, f"{self.owner_field}_id"), expected_version)
            journey = list(self._milestones_of(owner))
            for m in journey:
                if m.pk == milestone.pk:
                    m.date = when
            check(owner, journey)
            old = milestone.date
            self.milestone_model._default_manager.filter(pk=milestone.pk).update(date=when)
            self.dates.refresh([owner.pk])
            self.owner_model._default_manager.filter(pk=owner.pk).update(
                version=F("version") + 1, updated_at=timezone.now()
            )
            milestone.date = when
            if after is not None:
                after(owner)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                record_type=self.record_type,
                record_id=owner.pk,
                reason=reason,
                detail={
                    "correction": milestone.kind,
                    "milestone": milestone.pk,
                    "from": old.isoformat(),
                    "to": when.isoformat(),
                },
            )

    def record_many(
        self,
        *,
        actor: Any,
        journeys: Sequence[tuple[Any, Sequence[Step], str | None]],
        batch_size: int = 2000,
    ) -> list[Any]:
        """Record many milestones at once (an import, the generator): for each
        saved owner, its new steps in journey order and its stage afterwards
        (None: the stage the steps lead to from the owner's own). Sequences
        follow the owner's milestones; the dates table is refreshed and the
        bulk hooks run once. The caller holds the transaction and the audit.
        The milestones returned carry no primary keys (nas.core.bulk)."""
        owners = [owner for owner, steps, _stage in journeys if steps]
        top: dict[int, int] = defaultdict(int)
        if owners:
            for row in (
                among(self.milestone_model._default_manager.all(), self.owner_field, [o.pk for o in owners])
                .values(f"{self.owner_field}_id")
                .annotate(top=Max("sequence"))
                .order_by()
            ):
                top[row[f"{self.owner_field}_id"]] = row["top"]
        made = []
        moved = []
        recorded_by = _actor(actor)
        for owner, steps, stage in journeys:
            sequence = top[owner.pk]
            for step in steps:
                sequence += 1
                made.append(
                    self.milestone_model(
                        **{self.owner_field: owner},
                        kind=step.kind,
                        date=step.date,
                        detail=step.detail,
                        sequence=sequence,
                        recorded_by=recorded_by,
                    )
                )
            new_stage = (
                stage if stage is not None else self.machine.stage_after((s.kind for s in steps), owner.stage)
            )
            if new_stage != owner.stage:
                owner.stage = new_stage
                moved.append(owner)
        with transaction.atomic():
            insert_rows(self.milestone_model, made, batch_size=batch_size)
            if moved:
                self.owner_model._default_manager.bulk_update(moved, ["stage"], batch_size=batch_size)
            self.dates.refresh({getattr(m, f"{self.owner_field}_id") for m in made})
            for hook in self.bulk_hooks:
                hook(actor=actor, milestones=made)
        return made

    def _milestones_of(self, owner: Any) -> Any:
        return self.milestone_model._default_manager.filter(**{self.owner_field: owner}).order_by("sequence")


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
