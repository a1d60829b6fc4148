"""Write a simulated history into the database in bulk.

The children's milestones go through the journey's one bulk writer
(nas.children.services.milestones_record_many), a few thousand children at
a time, so the journey's rules (nas.children.rules) check every generated
step and its hooks do what they do for an import: the stage each journey
leads to, the sequence numbers, the journey dates, the restriction and the
post-adoption record at the adoption order, and the anonymous profile family
finding makes at the 'should be placed' decision (the generator then only
says where that profile was published, and when). The households' milestones
go through the adopters' journey kernel in bulk (nas.core.journey.
Journey.record_many: sequences, stages and the dates table); the adopters
have no bulk service with rules of their own yet, so the generator keeps
the order of those steps itself. Everything else is written with
bulk_create, bypassing the per-record services for speed: a child who left
care is archived with the reason, never deleted. The simulation has already
dropped everything after the last day and dated nothing before a child's
birth. Tests check every one of these on the written data
(tests/synthetic/test_generate.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from nas.adopters import services as household_services
from nas.adopters.models import Enquiry, Household, HouseholdMember
from nas.children.models import Child, SiblingGroup
from nas.children.services import milestones_record_many
from nas.core.journey import Step
from nas.matching import engine
from nas.matching.models import ChildProfile, HouseholdProfile, InterAgencyFee
from nas.organisations.models import Organisation, OrganisationKind
from nas.returns.models import Ssda903Details
from nas.support.models import SupportCase, SupportPerson, SupportReview, SupportService
from nas.synthetic.simulation import ChildPlan, HouseholdPlan, Plan, SupportPlan

BATCH = 1000
#: Children whose journeys go through the journey's bulk writer together.
CHILDREN_A_BATCH = 2000
APART = "No family could be found for all of them together; to keep in touch by direct contact."
M = TypeVar("M", bound=models.Model)
Progress = Callable[[str, int, int], None]


def case_reference(seed: int, number: int) -> str:
    """A case reference no authority uses and the demonstration never makes."""
    return f"GEN-{seed}-{number:06d}"


def _at(day: int, hour: int = 12) -> datetime:
    return datetime.combine(date.fromordinal(day), time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _token(*parts: object, length: int) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:length].upper()


class Writer:
    def __init__(self, plan: Plan, *, seed: int, progress: Progress | None = None) -> None:
        self.plan = plan
        self.seed = seed
        self.progress = progress or (lambda stage, done, total: None)
        self.orgs = {o.code: o for o in Organisation.objects.all()}
        self.region_of = {
            o.code: self.orgs_by_pk(o.region_id).code if o.region_id else ""
            for o in self.orgs.values()
            if o.kind == OrganisationKind.LOCAL_AUTHORITY
        }
        self.fees = engine.FeeTable(tuple(fee.as_rate() for fee in InterAgencyFee.objects.all()))
        self.counts: dict[str, int] = {}
        self.child_pk: dict[int, int] = {}
        self.household_pk: dict[int, int] = {}

    def orgs_by_pk(self, pk: int | None) -> Organisation:
        return next(o for o in self.orgs.values() if o.pk == pk)

    def _bulk(self, label: str, model: type[M], objects: Iterable[M], total: int) -> list[M]:
        made: list[M] = []
        batch: list[M] = []
        for obj in objects:
            batch.append(obj)
            if len(batch) == BATCH:
                made.extend(model._default_manager.bulk_create(batch))
                batch = []
                self.progress(label, len(made), total)
        if batch:
            made.extend(model._default_manager.bulk_create(batch))
        self.progress(label, len(made), total)
        self.counts[label] = self.counts.get(label, 0) + len(made)
        return made

    def write(self) -> dict[str, int]:
        self._households()
        self._children()
        self._child_milestones()
        self._household_milestones()
        self._household_profiles()
        self._enquiries()
        self._support()
        self._casework()
        self._life_story()
        return self.counts

    # -- Households ------------------------------------------------------------

    def _households(self) -> None:
        kept = [(i, hh) for i, hh in enumerate(self.plan.households) if hh.keep]

        def build() -> Iterator[Household]:
            for number, (_i, hh) in enumerate(kept, start=1):
                r = hh.approval_range or {}
                first, last, _born = hh.applicants[0]
                yield Household(
                    owner=self.orgs[hh.owner],
                    reference=f"GEN-{self.seed}-H{number:06d}",
                    kind=hh.kind,
                    residence_authority=self.orgs.get(hh.residence),
                    email=f"{first}.{last}.{number}@example.invalid".lower(),
                    language=hh.language,
                    age_min=r.get("age_min"),
                    age_max=r.get("age_max"),
                    max_children=r.get("max_children"),
                    sibling_group=r.get("sibling_group", False),
                    health_needs=r.get("health_needs", ""),
                    developmental_needs=r.get("developmental_needs", ""),
                    behavioural_needs=r.get("behavioural_needs", ""),
                    disability=r.get("disability", False),
                    contact=r.get("contact", []),
                )

        # Made at the journey's first stage: the journey kernel moves each
        # household to the stage its milestones lead to (_household_milestones).
        made = self._bulk("households", Household, build(), len(kept))
        self.households = {i: obj for (i, _hh), obj in zip(kept, made, strict=True)}
        self.household_pk = {i: obj.pk for i, obj in self.households.items()}
        members = (
            HouseholdMember(
                household_id=self.household_pk[i],
                role="applicant",
                first_names=first,
                last_name=last,
                date_of_birth=date.fromordinal(born),
            )
            for i, hh in kept
            for first, last, born in hh.applicants
        )
        self._bulk("household members", HouseholdMember, members, sum(len(hh.applicants) for _, hh in kept))

    # -- Children ------------------------------------------------------------------

    def _children(self) -> None:
        plan = self.plan
        kept = [(i, c) for i, c in enumerate(plan.children) if c.keep]
        groups_used = sorted({c.group for _, c in kept if c.group is not None})
        made_groups = self._bulk(
            "sibling groups",
            SiblingGroup,
            (
                SiblingGroup(
                    local_authority=self.orgs[plan.groups[g].authority],
                    name=plan.groups[g].name,
                    placed_together=plan.groups[g].placed_together,
                    reason_apart="" if plan.groups[g].placed_together else APART,
                )
                for g in groups_used
            ),
            len(groups_used),
        )
        group_pk = {g: obj.pk for g, obj in zip(groups_used, made_groups, strict=True)}

        def build() -> Iterator[Child]:
            for number, (_i, c) in enumerate(kept, start=1):
                adopted = any(kind == "adoption_order" for _d, kind, _ in c.milestones)
                left = c.left_care if not adopted else None
                yield Child(
                    local_authority=self.orgs[c.authority],
                    case_reference=case_reference(self.seed, number),
                    first_names=c.first_names,
                    last_name=c.last_name,
                    date_of_birth=date.fromordinal(c.born),
                    sex=c.sex,
                    legal_status=c.legal_status,
                    early_permanence=c.early_permanence,
                    ethnicity=c.ethnicity,
                    language=c.language,
                    health_needs=c.health,
                    developmental_needs=c.developmental,
                    behavioural_needs=c.behavioural,
                    disability=c.disability,
                    contact_plan=c.contact_plan,
                    sibling_group_id=group_pk.get(c.group) if c.group is not None else None,
                    archived_at=_at(left, 17) if left is not None else None,
                    archive_reason=c.leaving_reason if left is not None else "",
                )

        # Made at the journey's first stage: the journey's bulk writer moves
        # each child to the stage its milestones lead to (_child_milestones).
        made = self._bulk("children", Child, build(), len(kept))
        self.children = {i: obj for (i, _c), obj in zip(kept, made, strict=True)}
        self.child_pk = {i: obj.pk for i, obj in self.children.items()}
        self._ssda903(kept)

    def _profiles(self, batch: list[tuple[int, ChildPlan]]) -> None:
        """Where the anonymous profile the journey made at the 'should be
        placed' decision (nas.matching.services.on_milestones) was published:
        to the region at the referral and on the register at that referral
        while the child waits; withdrawn once the child is placed or the plan
        changes. What the profile shares follows the child's plan."""
        waiting = {"should_be_placed", "authority_to_place", "linked", "matching_panel", "disrupted"}
        # Matched and on: the profile left family finding at the match decision
        # (nas.matching.services._leave_family_finding), holding where it was.
        held_stages = {"matched", "introductions", "placed"}
        plans = {self.child_pk[i]: (i, c) for i, c in batch}
        profiles = list(ChildProfile.objects.filter(child_id__in=plans))
        for profile in profiles:
            i, c = plans[profile.child_id]
            kinds = {kind: d for d, kind, _ in c.milestones}
            stage = self.children[i].stage
            still_waiting = stage in waiting
            to_region = kinds.get("referred_to_region") if still_waiting else None
            nationally = kinds.get("referred_to_register") if still_waiting else None
            held = ""
            if stage in held_stages:
                held = (
                    "national"
                    if "referred_to_register" in kinds
                    else "region"
                    if "referred_to_region" in kinds
                    else ""
                )
            profile.shared_fields = ["language", "contact_plan"] if i % 3 else ["ethnicity"]
            profile.avoid_own_authority = c.avoid_own_authority
            profile.published_to_region_at = _at(to_region, 10) if to_region else None
            profile.published_nationally_at = _at(nationally, 10) if nationally else None
            profile.held_publication = held
        ChildProfile.objects.bulk_update(
            profiles,
            [
                "shared_fields",
                "avoid_own_authority",
                "published_to_region_at",
                "published_nationally_at",
                "held_publication",
            ],
            batch_size=BATCH,
        )
        self.counts["family-finding profiles"] = self.counts.get("family-finding profiles", 0) + len(profiles)

    def _ssda903(self, kept: list[tuple[int, ChildPlan]]) -> None:
        """What the SSDA903 return needs beyond the journey: for every child
        the category of need, the legal status on entering care and the
        foster placement (so each episode of the return has its legal status
        and placement); for the children with authority to place, who
        provided the adopters, the adopters, and whether they were the
        child's foster carers."""
        rows = []
        for i, c in kept:
            kinds = {kind: d for d, kind, _ in c.milestones}
            details = Ssda903Details(
                child_id=self.child_pk[i],
                category_of_need="N1" if i % 5 else "N4",
                legal_status_on_entry="C1" if i % 4 else "V2",
                foster_placement="U6" if c.with_foster_carers else "U4",
                foster_placement_provider="PR1",
            )
            if "authority_to_place" not in kinds:
                rows.append(details)
                continue
            placement = c.placements[max(c.placements)] if c.placements else None
            if placement is not None:
                hh = self.plan.households[placement.household]
                details.placed_with_foster_carers = "yes" if c.with_foster_carers else "no"
                details.adoption_placement_provider = self._provider(c.authority, hh.owner)
                details.adopters_sex = c.adopters_sex
                details.adopters_legal_status = _legal_status(c.adopters_sex, i)
                if "adoption_order" in kinds:
                    details.adoption_order_reason = "E11" if i % 3 == 0 else "E12"
            rows.append(details)
        self._bulk("SSDA903 details", Ssda903Details, rows, len(rows))

    def _provider(self, authority: str, owner: str) -> str:
        if self.orgs[owner].kind == OrganisationKind.VOLUNTARY_AGENCY:
            return "PR5"
        region = self.orgs[owner]
        lead = self.orgs_by_pk(region.lead_authority_id).code if region.lead_authority_id else ""
        return "PR1" if lead == authority else "PR2"

    # -- Milestones ---------------------------------------------------------------

    def _placed_detail(self, c: ChildPlan, day: int) -> dict[str, Any]:
        """The detail the performance framework reads on every PLACED
        milestone: the household, who approved it and the region it lives in,
        where the child was placed, and the inter-agency fee (this child's
        share of the dated fee for the children placed together, so a sibling
        group's shares add up to the table's amount; null when the household
        belongs to the child's own region or the table has no rate then)."""
        placement = c.placements[day]
        hh = self.plan.households[placement.household]
        child_region = self.region_of[c.authority]
        household_region = self.region_of.get(hh.residence, "")
        owner = self.orgs[hh.owner]
        if not household_region:
            area = "outside_wales"
        elif household_region == child_region:
            area = "same_region"
        else:
            area = "elsewhere_in_wales"
        kind = (
            engine.REGION_TO_AGENCY
            if owner.kind == OrganisationKind.VOLUNTARY_AGENCY
            else engine.REGION_TO_REGION
            if hh.owner != child_region
            else None
        )
        fee = self.fees.fee(kind, placement.together, date.fromordinal(day)) if kind else None
        share = None
        if fee is not None:
            pence = fee.amount * 100
            share = pence // placement.together
        return {
            "household": self.household_pk.get(placement.household),
            "household_owner": hh.owner,
            "household_region": household_region,
            "placement_area": area,
            "inter_agency_fee_pence": share,
            "placed_together": placement.together,
            "with_foster_carers": placement.with_foster_carers,
        }

    def _child_milestones(self) -> None:
        """Every child's journey through the journey's bulk writer, a batch of
        children at a time: the rules refuse a step the simulation got wrong
        (JourneyRefused stops the run: a generator bug), and the hooks make
        the restriction, the post-adoption records and the profiles."""
        kept = [(i, c) for i, c in enumerate(self.plan.children) if c.keep]
        total = sum(len(c.milestones) for _, c in kept)

        def steps(c: ChildPlan) -> list[Step]:
            found = []
            for day, kind, detail in c.milestones:
                if kind == "placed":
                    detail = self._placed_detail(c, day)
                elif "household" in detail:
                    detail = {"household": self.household_pk.get(detail["household"])}
                found.append(Step(kind, date.fromordinal(day), detail))
            return found

        done = 0
        for start in range(0, len(kept), CHILDREN_A_BATCH):
            batch = kept[start : start + CHILDREN_A_BATCH]
            made = milestones_record_many(
                actor=None, journeys=[(self.children[i], steps(c), None) for i, c in batch]
            )
            done += len(made)
            adopted = sum(1 for m in made if m.kind == "adoption_order")
            self.counts["post-adoption records"] = self.counts.get("post-adoption records", 0) + adopted
            self._profiles(batch)
            self.progress("child milestones", done, total)
        self.counts["child milestones"] = done

    def _household_profiles(self) -> None:
        """The anonymous profile made at approval (nas.matching.services.
        household_profile_ensure) in the household's home region, published
        there while the household waits and on the register from its referral;
        every approved household has one, as one approved through the pages does."""
        waiting = {"approved", "waiting", "linked"}
        rows = []
        for i, hh in enumerate(self.plan.households):
            if not hh.keep:
                continue
            kinds = {kind: d for d, kind, _ in hh.milestones}
            if "approved" not in kinds:
                continue
            owner = self.orgs[hh.owner]
            region_code = (
                hh.owner if owner.kind == OrganisationKind.REGION else self.region_of.get(hh.residence, "")
            )
            still_waiting = self.households[i].stage in waiting
            nationally = kinds.get("referred_to_register") if still_waiting else None
            rows.append(
                HouseholdProfile(
                    household_id=self.household_pk[i],
                    reference=f"H-G{_token(self.seed, 'household-profile', i, length=9)}",
                    region=self.orgs[region_code] if region_code else None,
                    published_to_region_at=_at(kinds["approved"], 10)
                    if still_waiting and region_code
                    else None,
                    published_nationally_at=_at(nationally, 10) if nationally else None,
                )
            )
        self._bulk("household profiles", HouseholdProfile, rows, len(rows))

    def _household_milestones(self) -> None:
        """Every household's journey through the adopters' journey kernel in
        bulk (sequences, stages, the dates table), a batch at a time."""
        kept = [(i, hh) for i, hh in enumerate(self.plan.households) if hh.keep]
        total = sum(len(hh.milestones) for _, hh in kept)

        def steps(hh: HouseholdPlan) -> list[Step]:
            found = []
            for day, kind, detail in hh.milestones:
                if kind == "placed":
                    detail = {
                        "children": [self.child_pk[c] for c in hh.children.get(day, []) if c in self.child_pk]
                    }
                found.append(Step(kind, date.fromordinal(day), detail))
            return found

        done = 0
        for start in range(0, len(kept), CHILDREN_A_BATCH):
            batch = kept[start : start + CHILDREN_A_BATCH]
            done += len(
                household_services.JOURNEY.record_many(
                    actor=None, journeys=[(self.households[i], steps(hh), None) for i, hh in batch]
                )
            )
            self.progress("household milestones", done, total)
        self.counts["household milestones"] = done

    # -- Enquiries -------------------------------------------------------------------

    def _enquiries(self) -> None:
        plan = self.plan

        def build() -> Iterator[Enquiry]:
            for n, e in enumerate(plan.enquiries, start=1):
                yield Enquiry(
                    organisation=self.orgs[e.owner],
                    first_names=e.first_names,
                    last_name=e.last_name,
                    email=f"{e.first_names}.{e.last_name}.e{n}@example.invalid".lower(),
                    residence_authority=self.orgs.get(e.residence),
                    kind=e.kind,
                    language=e.language,
                    received_at=_at(e.received, 9 + n % 9),
                    status=e.status,
                    household_id=self.household_pk[e.household] if e.household is not None else None,
                )

        self._bulk("enquiries", Enquiry, build(), len(plan.enquiries))

    # -- Adoption support -------------------------------------------------------------

    def _support(self) -> None:
        cases = self.plan.support

        def person(s: SupportPlan) -> SupportPerson:
            return SupportPerson(
                region=self.orgs[s.region],
                kind=s.person_kind,
                first_names=s.first_names,
                last_name=s.last_name,
                date_of_birth=date.fromordinal(s.born) if s.born else None,
                adoption_date=date.fromordinal(s.adoption_date) if s.adoption_date else None,
                child_id=self.child_pk.get(s.child) if s.child is not None else None,
                linked_record_type="adopters.household" if s.household is not None else "",
                linked_record_id=str(self.household_pk[s.household]) if s.household is not None else "",
            )

        people = self._bulk("support people", SupportPerson, (person(s) for s in cases), len(cases))
        made = self._bulk(
            "support cases",
            SupportCase,
            (
                SupportCase(
                    region=self.orgs[s.region],
                    reference=f"G{self.seed}-S{n:06d}",
                    person=p,
                    requested_on=date.fromordinal(s.requested),
                    request_summary=s.summary,
                    assessed_on=_day(s.assessed),
                    needs_statement="Needs assessed with the family." if s.assessed else "",
                    proposal="Services as set out in the plan." if s.assessed else "",
                    notice_sent_on=_day(s.notice),
                    representations_by=_day(s.representations_by),
                    representations_on=_day(s.representations_on),
                    decided_on=_day(s.decided),
                    decision=s.decision,
                    plan_agreed_on=_day(s.plan_agreed),
                    plan_summary="Support plan agreed with the family." if s.plan_agreed else "",
                    closed_on=_day(s.closed),
                    outcome=s.outcome,
                )
                for n, (s, p) in enumerate(zip(cases, people, strict=True), start=1)
            ),
            len(cases),
        )
        services = [(case, s) for case, plan in zip(made, cases, strict=True) for s in plan.services]
        self._bulk(
            "support services",
            SupportService,
            (
                SupportService(
                    case=case,
                    kind=kind,
                    detail="As agreed in the support plan.",
                    provider="The regional adoption support team",
                    starts_on=date.fromordinal(starts),
                    ends_on=_day(ends),
                    amount=Decimal("150.00") if kind == "financial" else None,
                    frequency="monthly" if kind == "financial" else "",
                )
                for case, (kind, starts, ends) in services
            ),
            len(services),
        )
        reviews = [(case, day) for case, plan in zip(made, cases, strict=True) for day in plan.reviews]
        self._bulk(
            "support reviews",
            SupportReview,
            (
                SupportReview(case=case, reviewed_on=date.fromordinal(day), summary="The plan is working.")
                for case, day in reviews
            ),
            len(reviews),
        )

    # -- Casework ---------------------------------------------------------------------

    def _casework(self) -> None:
        """Caseworkers, allocations and case notes of the open records (nas.casework.synthetic)."""
        from nas.casework.synthetic import CaseworkWriter, open_records

        children, households, cases = open_records(self.seed)
        CaseworkWriter(seed=self.seed, until=date.fromordinal(self.plan.until), bulk=self._bulk).write(
            children=children, households=households, cases=cases
        )

    # -- Life-story work ------------------------------------------------------------

    def _life_story(self) -> None:
        """The life-story books and later-life letters of the placed children (nas.documents.synthetic)."""
        from nas.documents.synthetic import write_life_story

        made = write_life_story(
            seed=self.seed, until=date.fromordinal(self.plan.until), case_reference_prefix=f"GEN-{self.seed}-"
        )
        self.progress("life-story documents", made, made)
        self.counts["life-story documents"] = made


def _day(day: int | None) -> date | None:
    return date.fromordinal(day) if day is not None else None


def _legal_status(sex: str, salt: int) -> str:
    if sex in {"M1", "F1"}:
        return "L0"
    if sex == "MF":
        return "L11" if salt % 4 else "L3"
    return "L12" if salt % 2 else "L2"
