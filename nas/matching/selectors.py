"""Reads for family finding: profiles in a person's scope, the shared view
of a profile, the national register's aggregates, weights and fees."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nas.children.models import Child
from nas.matching import engine
from nas.matching.adapters import age_on
from nas.matching.equity import AGE_BANDS, age_band
from nas.matching.models import ChildProfile, InterAgencyFee, SharedField, WeightSet
from nas.matching.policies import profiles as profile_policy
from nas.organisations.models import Organisation

PUBLICATION_FILTERS = ("", "unpublished", "region", "national")


def profile_list(*, user: Any, publication: str = "") -> QuerySet[ChildProfile]:
    qs = (
        profile_policy.scope(user)
        .filter(archived_at__isnull=True)
        .select_related("region", "child", "child__local_authority", "child__sibling_group")
        .prefetch_related(
            Prefetch("child__sibling_group__children", queryset=Child.objects.only("pk", "sibling_group_id"))
        )
    )
    if publication == "unpublished":
        qs = qs.filter(published_to_region_at__isnull=True)
    elif publication == "region":
        qs = qs.filter(published_to_region_at__isnull=False, published_nationally_at__isnull=True)
    elif publication == "national":
        qs = qs.filter(published_nationally_at__isnull=False)
    return qs.order_by("reference")


def group_size(profile: ChildProfile) -> int:
    group = profile.child.sibling_group
    if group is None or not group.placed_together:
        return 1
    return max(1, len(group.children.all()))


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    value: Any


def shared_view(profile: ChildProfile, today: date) -> list[Row]:
    """What anyone who may see the profile sees: never a name, a case
    reference, a date of birth or a place smaller than the region."""
    child = profile.child
    years, _months = age_on(child.date_of_birth, today)
    rows = [
        Row("age_band", _("Age"), age_band(years)),
        Row("children", _("Children to be placed together"), group_size(profile)),
        Row("health_needs", _("Health needs"), child.get_health_needs_display()),
        Row("developmental_needs", _("Developmental needs"), child.get_developmental_needs_display()),
        Row("behavioural_needs", _("Emotional and behavioural needs"), child.get_behavioural_needs_display()),
        Row("disability", _("Disabled"), _("Yes") if child.disability else _("No")),
        Row("region", _("Region"), profile.region.name),
    ]
    optional = {
        SharedField.SEX: (_("Sex"), child.get_sex_display()),
        SharedField.ETHNICITY: (_("Ethnicity"), child.get_ethnicity_display()),
        SharedField.RELIGION: (_("Religion"), child.religion or "–"),
        SharedField.LANGUAGE: (_("Language"), child.get_language_display()),
        SharedField.CONTACT_PLAN: (_("Contact plan"), child.get_contact_plan_display()),
        SharedField.EARLY_PERMANENCE: (_("Early permanence route"), child.get_early_permanence_display()),
        SharedField.ABOUT: (_("About the child"), profile.about or "–"),
    }
    for name, (label, value) in optional.items():
        if profile.shares(name):
            rows.append(Row(name.value, label, value))
    return rows


def shared_dict(profile: ChildProfile, today: date) -> dict[str, Any]:
    return {
        row.key: str(row.value) if isinstance(row.value, Promise) else row.value
        for row in shared_view(profile, today)
    }


@dataclass(frozen=True)
class RegisterSummary:
    regions: list[dict[str, Any]]
    age_bands: list[dict[str, Any]]
    published_nationally: int
    published_to_region: int
    profiles: int


def register_summary(today: date) -> RegisterSummary:
    """Counts only: how many profiles each region has and publishes, and the
    age bands on the national register. No case-level detail."""
    rows = list(
        ChildProfile.objects.filter(archived_at__isnull=True).values_list(
            "region_id", "published_to_region_at", "published_nationally_at", "child__date_of_birth"
        )
    )
    by_region: dict[int, Counter[str]] = {}
    bands: Counter[str] = Counter()
    for region_id, to_region, nationally, born in rows:
        counts = by_region.setdefault(region_id, Counter())
        counts["profiles"] += 1
        counts["region"] += to_region is not None
        counts["national"] += nationally is not None
        if nationally is not None:
            bands[age_band(age_on(born, today)[0])] += 1
    regions: list[dict[str, Any]] = [
        {
            "code": region.code,
            "name": region.name,
            "profiles": by_region.get(region.pk, Counter())["profiles"],
            "published_to_region": by_region.get(region.pk, Counter())["region"],
            "published_nationally": by_region.get(region.pk, Counter())["national"],
        }
        for region in Organisation.objects.regions().order_by("name_en")
    ]
    return RegisterSummary(
        regions=regions,
        age_bands=[{"band": str(label), "count": bands[str(label)]} for _low, _high, label in AGE_BANDS],
        published_nationally=sum(r["published_nationally"] for r in regions),
        published_to_region=sum(r["published_to_region"] for r in regions),
        profiles=sum(r["profiles"] for r in regions),
    )


def weight_rows(weights: dict[str, int]) -> list[Row]:
    return [Row(name, engine.CRITERION_LABELS[name], weights.get(name, 0)) for name in engine.CRITERIA]


def weight_history(limit: int = 20) -> list[WeightSet]:
    return list(WeightSet.objects.select_related("created_by").order_by("-number")[:limit])


def fee_list() -> QuerySet[InterAgencyFee]:
    return InterAgencyFee.objects.order_by("kind", "children", "-valid_from")


def fee_table() -> engine.FeeTable:
    return engine.FeeTable(tuple(f.as_rate() for f in InterAgencyFee.objects.all()))
