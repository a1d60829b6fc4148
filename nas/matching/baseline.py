"""The engine's rules written the plain way: one family at a time, with
if-statements. It is the benchmark's baseline and the tests' second opinion
(the vectorised engine must agree with it family by family)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nas.matching.engine import (
    CONTACT_RANK,
    CRITERIA,
    NEED_KINDS,
    NEED_RANK,
    WAITING_CAP_DAYS,
    WELSH_SPEAKING,
    ChildNeeds,
    FamilyOffer,
)


def violations(child: ChildNeeds, family: FamilyOffer) -> list[str]:
    """The hard constraints this family fails for this child."""
    failed = []
    ages = [m.age_in_months for m in child.members]
    if min(ages) < family.min_age_years * 12 or max(ages) > family.max_age_years * 12 + 11:
        failed.append("age")
    if child.group_size > family.max_children:
        failed.append("group_size")
    if child.group_size > 1 and not family.takes_sibling_groups:
        failed.append("siblings")
    for kind in NEED_KINDS:
        if child.need_rank(kind) > NEED_RANK[family.max_need(kind)]:
            failed.append("needs")
            break
    if child.any_disability and not family.disability:
        failed.append("disability")
    if CONTACT_RANK[child.contact_plan] > CONTACT_RANK[family.contact]:
        failed.append("contact")
    if family.local_authority in child.avoid_authorities:
        failed.append("location")
    return failed


def points(child: ChildNeeds, family: FamilyOffer, weights: Mapping[str, int]) -> dict[str, int]:
    out = dict.fromkeys(CRITERIA, 0)
    for kind in NEED_KINDS:
        out[kind] = round(weights.get(kind, 0) * child.need_rank(kind) / 3)
    if child.any_disability:
        out["disability"] = weights.get("disability", 0)
    low, high = family.min_age_years * 12, family.max_age_years * 12 + 11
    middle, half = (low + high) / 2, (high - low) / 2 + 1
    age = child.age_years * 12 + child.age_months
    out["age"] = round(weights.get("age", 0) * (1 - abs(age - middle) / half))
    if child.group_size > 1:
        out["siblings"] = weights.get("siblings", 0)
    out["contact"] = round(weights.get("contact", 0) * CONTACT_RANK[child.contact_plan] / 3)
    if child.ethnicity and child.ethnicity in family.ethnicities:
        out["ethnicity"] = weights.get("ethnicity", 0)
    religion = child.religion.strip().lower()
    if religion and religion == family.religion.strip().lower():
        out["religion"] = weights.get("religion", 0)
    if child.language in WELSH_SPEAKING and family.welsh_speaking:
        out["language"] = weights.get("language", 0)
    out["child_waiting"] = round(
        weights.get("child_waiting", 0) * min(child.waiting_days, WAITING_CAP_DAYS) / WAITING_CAP_DAYS
    )
    out["family_waiting"] = round(
        weights.get("family_waiting", 0) * min(family.waiting_days, WAITING_CAP_DAYS) / WAITING_CAP_DAYS
    )
    if child.region and family.region == child.region:
        out["region"] = weights.get("region", 0)
    return out


def suggest_plain(
    child: ChildNeeds, families: Sequence[FamilyOffer], weights: Mapping[str, int], limit: int | None = 50
) -> list[tuple[str, int, str, dict[str, int]]]:
    """(family, score, tier, points) for the feasible families, in the engine's order."""
    found = []
    for family in families:
        if violations(child, family):
            continue
        by = points(child, family, weights)
        outside = not (child.region and family.region == child.region)
        found.append((outside, -sum(by.values()), -family.waiting_days, family, by))
    keyed = sorted(((o, s, w, i, f, by) for i, (o, s, w, f, by) in enumerate(found)), key=lambda row: row[:4])
    out = [(f.key, -s, "national" if o else "region", by) for o, s, w, i, f, by in keyed]
    return out if limit is None else out[:limit]
