"""The child's journey's invariants, as named rules in one registry.

Every writer of a child's milestones runs them: recording one milestone
(nas.children.services.milestone_record, which the pages and the API call),
correcting a date, and recording many at once (the bulk service the import
uses, nas.children.services.milestones_record_many). A rule reads the whole
journey (date of birth and milestones in journey order) and names each step
that breaks it, so a page can point at the date field and an import at the
file, row and column the step came from (docs/design.md, "One writer").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nas.children.journey import MACHINE, MilestoneKind


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _label(kind: str) -> str:
    return str(MilestoneKind(kind).label)


@dataclass(frozen=True)
class Violation:
    rule: JourneyRule
    #: The step that is wrong (its position in the journey).
    index: int
    #: The step it conflicts with, if any.
    other: int | None
    message: str
    #: The same conflict seen from the other step (a correction moving it).
    other_message: str = ""


class JourneyRule:
    """One invariant of the child's journey. `code` is stable: tests, import
    reports and the documentation name the rule by it."""

    code: ClassVar[str]
    title: ClassVar[Any]

    def check(self, born: date, steps: Sequence[Any], today: date) -> Iterator[Violation]:
        raise NotImplementedError


class NotInTheFuture(JourneyRule):
    """A milestone records what has happened: it cannot be dated after today.

    Source: docs/design.md, "The journey" (milestones are dated facts)."""

    code = "not_in_future"
    title = gettext_lazy("A milestone cannot be in the future")

    def check(self, born: date, steps: Sequence[Any], today: date) -> Iterator[Violation]:
        for index, step in enumerate(steps):
            if step.date > today:
                yield Violation(self, index, None, _("The date cannot be in the future"))


class NotBeforeBirth(JourneyRule):
    """No step of the child's journey is dated before the child's birth.

    Source: docs/design.md, "The journey"."""

    code = "not_before_birth"
    title = gettext_lazy("A milestone cannot be before the child's date of birth")

    def check(self, born: date, steps: Sequence[Any], today: date) -> Iterator[Violation]:
        for index, step in enumerate(steps):
            if step.date < born:
                yield Violation(
                    self,
                    index,
                    None,
                    _("The date cannot be before the child's date of birth, %(dob)s") % {"dob": _day(born)},
                )


def floor_index(kind: str, steps: Sequence[Any]) -> int | None:
    """The step a new one may not be dated before: the latest step of the main
    path for a main-path milestone; the 'should be placed' decision (or the
    first step) for a side milestone such as a referral."""
    if kind in MACHINE.main_path:
        main = [i for i, s in enumerate(steps) if s.kind in MACHINE.main_path]
        return main[-1] if main else None
    decisions = [i for i, s in enumerate(steps) if s.kind == MilestoneKind.SHOULD_BE_PLACED]
    return decisions[-1] if decisions else (0 if steps else None)


class JourneyOrder(JourneyRule):
    """Each step is dated on or after the step it follows in the journey
    (see `floor_index`): a decision cannot be dated before the report it rests
    on, a placement before the match.

    Source: the order of the journey, nas.children.journey (docs/design.md,
    "The journey")."""

    code = "journey_order"
    title = gettext_lazy("A milestone cannot be before the step it follows")

    def check(self, born: date, steps: Sequence[Any], today: date) -> Iterator[Violation]:
        for index, step in enumerate(steps):
            floor = floor_index(step.kind, steps[:index])
            if floor is None or step.date >= steps[floor].date:
                continue
            yield Violation(
                self,
                index,
                floor,
                _("The date cannot be before %(previous)s on %(date)s")
                % {"previous": _label(steps[floor].kind), "date": _day(steps[floor].date)},
                _("The date cannot be after %(next)s on %(date)s")
                % {"next": _label(step.kind), "date": _day(step.date)},
            )


class OneDecisionAtATime(JourneyRule):
    """A new 'should be placed' decision only once the earlier one was
    reversed: between two decisions there is a plan change (the reversal,
    with its reason RD1-RD4), and the new decision is dated on or after it
    (that date is the journey order's, `JourneyOrder`).

    Source: the DfE's SSDA903 rule 579, "A new decision that the child should
    be placed for adoption this year cannot start when the previous decision
    is still open" (csc-validator-be-903); the agency decision maker's
    decision, Adoption Agencies (Wales) Regulations 2005, reg. 19. Why a
    decision may recur at all: nas.children.journey.NEW_DECISION_AFTER_REVERSAL."""

    code = "one_decision_at_a_time"
    title = gettext_lazy("A new 'should be placed' decision only after the earlier one was reversed")

    def check(self, born: date, steps: Sequence[Any], today: date) -> Iterator[Violation]:
        open_decision: int | None = None
        for index, step in enumerate(steps):
            if step.kind == MilestoneKind.PLAN_CHANGED:
                open_decision = None
            elif step.kind == MilestoneKind.SHOULD_BE_PLACED:
                if open_decision is not None:
                    yield Violation(
                        self,
                        index,
                        open_decision,
                        _(
                            "The decision of %(date)s that the child should be placed for adoption "
                            "still stands: record its reversal (plan changed) before a new decision"
                        )
                        % {"date": _day(steps[open_decision].date)},
                    )
                open_decision = index


class AdoptionOrderAfterTenWeeks(JourneyRule):
    """An adoption order cannot come before the child has lived with the
    adopters for 10 weeks.

    Source: Adoption and Children Act 2002, section 42(2)(a): where the child
    was placed for adoption by an adoption agency, the application for the
    order may not be made until the child has had their home with the
    applicants at all times during the 10 weeks before it, so the order cannot
    be earlier."""

    code = "adoption_order_10_weeks"
    title = gettext_lazy("An adoption order at least 10 weeks after the placement (ACA 2002 s.42(2)(a))")

    def check(self, born: date, steps: Sequence[Any], today: date) -> Iterator[Violation]:
        placed: int | None = None
        for index, step in enumerate(steps):
            if step.kind == MilestoneKind.PLACED:
                placed = index
            elif step.kind == MilestoneKind.ADOPTION_ORDER and placed is not None:
                earliest = steps[placed].date + timedelta(weeks=10)
                if step.date < earliest:
                    yield Violation(
                        self,
                        index,
                        placed,
                        _(
                            "The adoption order cannot be before %(earliest)s: the child must have "
                            "lived with the adopters for 10 weeks (Adoption and Children Act 2002, "
                            "s.42(2)(a))"
                        )
                        % {"earliest": _day(earliest)},
                    )


#: Every rule, in the order they are checked (the first broken one is what a page shows).
REGISTRY: tuple[JourneyRule, ...] = (
    NotInTheFuture(),
    NotBeforeBirth(),
    JourneyOrder(),
    OneDecisionAtATime(),
    AdoptionOrderAfterTenWeeks(),
)
BY_CODE = {rule.code: rule for rule in REGISTRY}


def violations(
    born: date, steps: Sequence[Any], today: date, *, rules: Sequence[JourneyRule] = REGISTRY
) -> list[Violation]:
    """Every step of this journey that breaks a rule, rule by rule."""
    return [v for rule in rules for v in rule.check(born, steps, today)]
