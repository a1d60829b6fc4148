"""The invariants the per-record services keep, checked on generated data
(the generator bypasses those services for speed, so it must keep them
itself). Each check returns the problems it found, so a test shows them all."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from nas.adopters import journey as household_journey
from nas.adopters.models import Household
from nas.adopters.models import Milestone as HouseholdMilestone
from nas.audit.models import AuditEvent
from nas.audit.services import verify_chain
from nas.children import journey as child_journey
from nas.children import rules
from nas.children.journey import MilestoneKind
from nas.children.models import Child, Milestone, PostAdoptionRecord
from nas.matching import engine
from nas.matching.models import ChildProfile, HouseholdProfile, InterAgencyFee
from nas.organisations.models import Organisation

HOUSEHOLD_MAIN_PATH = frozenset(k for k, t in household_journey.TRANSITIONS.items() if t.to_stage is not None)
PLACED_KEYS = {"household", "household_owner", "household_region", "placement_area", "inter_agency_fee_pence"}


def _replay(kinds: list[str], journey: Any) -> tuple[str | None, str]:
    """The stage the milestones lead to, or the first step the journey refuses."""
    stage: str | None = None
    recorded: set[str] = set()
    for kind in kinds:
        if kind not in journey.allowed_next(stage, recorded):
            return stage, f"{kind} not allowed at {stage} after {sorted(recorded)}"
        recorded.add(kind)
        stage = journey.next_stage(stage, kind)
    return stage, ""


def child_problems(until: date) -> list[str]:
    problems: list[str] = []
    journeys: dict[int, list[Milestone]] = defaultdict(list)
    for m in Milestone.objects.order_by("child_id", "sequence"):
        journeys[m.child_id].append(m)
    post_adoption = dict(PostAdoptionRecord.objects.values_list("child_id", "adoption_order_date"))
    profiles = set(ChildProfile.objects.values_list("child_id", flat=True))
    for child in Child.objects.all():
        steps = journeys[child.pk]
        name = child.case_reference
        if [m.sequence for m in steps] != list(range(1, len(steps) + 1)):
            problems.append(f"{name}: sequence numbers {[m.sequence for m in steps]}")
        if not steps or steps[0].kind != MilestoneKind.ENTERED_CARE:
            problems.append(f"{name}: does not begin with entering care")
        stage, refused = _replay([m.kind for m in steps], child_journey)
        if refused:
            problems.append(f"{name}: {refused}")
        elif stage != child.stage:
            problems.append(f"{name}: stage {child.stage}, milestones lead to {stage}")
        # The journey's rules, the same registry every writer runs (nas.children.rules),
        # with the history's last day as "today".
        for v in rules.violations(child.date_of_birth, steps, until):
            step = steps[v.index]
            problems.append(f"{name}: {step.kind} on {step.date} breaks {v.rule.code}")
        decision = None
        placed = None
        for m in steps:
            if m.kind == MilestoneKind.SHOULD_BE_PLACED:
                decision = m.date
            if m.kind == MilestoneKind.PLACED:
                placed = m.date
                missing = PLACED_KEYS - set(m.detail)
                if missing:
                    problems.append(f"{name}: placed without {sorted(missing)}")
            if m.kind == MilestoneKind.ADOPTION_ORDER:
                if placed is None:
                    problems.append(f"{name}: adoption order {m.date} without a placement")
                if child.restricted_at is None:
                    problems.append(f"{name}: adopted but not restricted")
                if post_adoption.get(child.pk) != m.date:
                    problems.append(f"{name}: no post-adoption record dated {m.date}")
        adopted = child.stage == child_journey.Stage.ADOPTED
        if not adopted and (child.restricted_at is not None or child.pk in post_adoption):
            problems.append(f"{name}: restricted or with a post-adoption record but not adopted")
        if decision is not None and child.pk not in profiles:
            problems.append(f"{name}: past the 'should be placed' decision without a profile")
        if child.is_archived and (adopted or not child.archive_reason):
            problems.append(f"{name}: archived without a reason, or archived though adopted")
        if not child.case_reference.startswith("GEN-"):
            problems.append(f"{name}: case reference not marked synthetic")
    return problems


def household_problems(until: date) -> list[str]:
    problems: list[str] = []
    journeys: dict[int, list[HouseholdMilestone]] = defaultdict(list)
    for m in HouseholdMilestone.objects.order_by("household_id", "sequence"):
        journeys[m.household_id].append(m)
    with_profile = set(HouseholdProfile.objects.values_list("household_id", flat=True))
    for household in Household.objects.all():
        steps = journeys[household.pk]
        name = household.reference
        if any(m.kind == "approved" for m in steps) and household.pk not in with_profile:
            problems.append(f"{name}: approved without a family-finding profile")
        if [m.sequence for m in steps] != list(range(1, len(steps) + 1)):
            problems.append(f"{name}: sequence numbers")
        stage, refused = _replay([m.kind for m in steps], household_journey)
        if refused:
            problems.append(f"{name}: {refused}")
        elif stage != household.stage:
            problems.append(f"{name}: stage {household.stage}, milestones lead to {stage}")
        kinds: list[str] = []
        main_date = None
        for m in steps:
            if m.date > until:
                problems.append(f"{name}: {m.kind} after the history's last day")
            if main_date is not None and m.date < main_date:
                problems.append(f"{name}: {m.kind} on {m.date} before the step it follows")
            if m.kind in HOUSEHOLD_MAIN_PATH:
                main_date = m.date
            if m.kind == "stage_one_completed" and not set(household_journey.STAGE_ONE_CHECKS) <= set(kinds):
                problems.append(f"{name}: Stage 1 completed before the statutory checks")
            if m.kind == "par_completed" and not household.has_approval_range:
                problems.append(f"{name}: report completed without an approval range")
            if m.kind == "panel_recommendation" and "par_completed" not in kinds:
                problems.append(f"{name}: panel before the Prospective Adopter's Report")
            kinds.append(m.kind)
    return problems


def placement_problems() -> list[str]:
    """The contract the performance framework reads on every PLACED milestone."""
    problems: list[str] = []
    fees = engine.FeeTable(tuple(f.as_rate() for f in InterAgencyFee.objects.all()))
    organisations = {o.pk: o for o in Organisation.objects.all()}
    households = {h.pk: h for h in Household.objects.all()}
    for m in Milestone.objects.filter(kind=MilestoneKind.PLACED).select_related("child"):
        d = m.detail
        household = households.get(d.get("household"))
        if household is None:
            problems.append(f"placement {m.pk}: no such household {d.get('household')}")
            continue
        owner = organisations[household.owner_id]
        child_region = organisations[m.child.local_authority.region_id].code
        lives = organisations.get(household.residence_authority_id)
        lives_region = organisations[lives.region_id].code if lives else ""
        area = (
            "outside_wales"
            if not lives_region
            else "same_region"
            if lives_region == child_region
            else "elsewhere_in_wales"
        )
        if d["household_owner"] != owner.code:
            problems.append(f"placement {m.pk}: owner {d['household_owner']} is not {owner.code}")
        if d["household_region"] != lives_region or d["placement_area"] != area:
            problems.append(f"placement {m.pk}: region or area {d['household_region']}/{d['placement_area']}")
        fee = d["inter_agency_fee_pence"]
        kind = (
            engine.REGION_TO_AGENCY
            if owner.kind == "voluntary_agency"
            else engine.REGION_TO_REGION
            if owner.code != child_region
            else None
        )
        expected = fees.fee(kind, d.get("placed_together", 1), m.date) if kind else None
        if (expected is None) != (fee is None) or (
            expected is not None and fee != expected.amount * 100 // d.get("placed_together", 1)
        ):
            problems.append(f"placement {m.pk}: fee {fee} for {kind} on {m.date}")
    return problems


def audit_problems(runs: int) -> list[str]:
    problems = []
    entries = AuditEvent.objects.filter(record_type="synthetic.run").count()
    if entries != runs:
        problems.append(f"{entries} audit entries for {runs} generation runs")
    broken = verify_chain()
    if broken is not None:
        problems.append(f"audit chain broken at {broken.seq}: {broken.problem}")
    return problems
