"""The child's care history as the SSDA903 import keeps it: every episode
(nas.children.models.CareEpisode) and the SSDA903 details the episodes,
the Header and AD1 carry (nas.returns.models.Ssda903Details), so the SSDA903
export gives back what came in (docs/design.md, "The care history").

The import reads the cells (nas.children.imports); this module turns an
imported child's rows into history and writes it in bulk: a later year's
file completes the episodes it shares with an earlier one and adds the new
ones. Nothing is deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from nas.children.models import CareEpisode, Child
from nas.children.ssda903 import ADOPTED_REASONS, ADOPTION_PLACEMENTS, STARTED_CARE

#: Episodes column -> CareEpisode field, and the longest text the field keeps.
EPISODE_COLUMNS: dict[str, tuple[str, int]] = {
    "RNE": ("reason_new", 1),
    "LS": ("legal_status", 2),
    "CIN": ("category_of_need", 2),
    "PLACE": ("place", 2),
    "PLACE_PROVIDER": ("place_provider", 3),
    "REC": ("reason_ended", 3),
    "REASON_PLACE_CHANGE": ("reason_place_change", 5),
    "HOME_POST": ("home_postcode", 10),
    "PL_POST": ("placement_postcode", 10),
    "URN": ("urn", 10),
}
EPISODE_FIELDS = ["start", "end", *(name for name, _length in EPISODE_COLUMNS.values())]
#: AD1's FOSTER_CARE (1 the adopters were the child's foster carers) as Ssda903Details' yes or no.
FOSTER_CARE = {"1": "yes", "0": "no"}


def episode_details(episodes: list[dict[str, Any]]) -> dict[str, str]:
    """The SSDA903 details the episodes (in date order) show: the category of
    need (the latest episode's), the legal status on entering care, the
    foster placement before the placement for adoption and who provided it,
    who provided the adopters, and how the adoption order was made."""
    details: dict[str, str] = {}
    if not episodes:
        return details
    details["category_of_need"] = episodes[-1]["category_of_need"]
    started = [e for e in episodes if e["reason_new"] == STARTED_CARE]
    if started:
        details["legal_status_on_entry"] = started[-1]["legal_status"]
    adoption = next((i for i, e in enumerate(episodes) if e["place"] in ADOPTION_PLACEMENTS), None)
    if adoption is not None:
        details["adoption_placement_provider"] = episodes[adoption]["place_provider"]
        if adoption > 0:
            details["foster_placement"] = episodes[adoption - 1]["place"]
            details["foster_placement_provider"] = episodes[adoption - 1]["place_provider"]
    ended = [e["reason_ended"] for e in episodes if e["reason_ended"] in ADOPTED_REASONS]
    if ended:
        details["adoption_order_reason"] = ended[-1]
    return {k: v for k, v in details.items() if v}


def _episode_key(values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(values[f] for f in EPISODE_FIELDS)


class History:
    """The stored history of the children an import touches, read in two
    queries, to say what a file would change and to write it."""

    def __init__(self, children: Iterable[Child]) -> None:
        from nas.returns.models import DETAIL_FIELDS, Ssda903Details

        self.detail_fields = DETAIL_FIELDS
        ids = [c.pk for c in children]
        self.episodes: dict[int, dict[date, CareEpisode]] = defaultdict(dict)
        for episode in CareEpisode.objects.filter(child_id__in=ids):
            self.episodes[episode.child_id][episode.start] = episode
        self.details = {d.child_id: d for d in Ssda903Details.objects.filter(child_id__in=ids)}

    def changes(self, child: Child | None, episodes: list[dict[str, Any]], details: dict[str, str]) -> int:
        """How many episodes and details the file changes or adds for this child."""
        have = self.episodes.get(child.pk, {}) if child is not None else {}
        changed = sum(
            1
            for e in episodes
            if e["start"] not in have or _episode_key(e) != _episode_key(vars(have[e["start"]]))
        )
        stored = self.details.get(child.pk) if child is not None else None
        changed += sum(1 for k, v in details.items() if getattr(stored, k, "") != v)
        return changed

    def write(self, rows: list[tuple[Child, list[dict[str, Any]], dict[str, str]]]) -> None:
        """Store the episodes and details of these (saved) children, in bulk."""
        from nas.returns.models import Ssda903Details

        new_episodes, changed_episodes = [], []
        new_details, changed_details, detail_fields = [], [], set()
        for child, episodes, details in rows:
            have = self.episodes.get(child.pk, {})
            for values in episodes:
                stored = have.get(values["start"])
                if stored is None:
                    new_episodes.append(CareEpisode(child=child, **values))
                elif _episode_key(values) != _episode_key(vars(stored)):
                    for name in EPISODE_FIELDS:
                        setattr(stored, name, values[name])
                    changed_episodes.append(stored)
            if not details:
                continue
            record = self.details.get(child.pk)
            if record is None:
                new_details.append(Ssda903Details(child=child, **details))
            elif any(getattr(record, k) != v for k, v in details.items()):
                for key, value in details.items():
                    setattr(record, key, value)
                    detail_fields.add(key)
                record.version += 1
                changed_details.append(record)
        CareEpisode.objects.bulk_create(new_episodes, batch_size=2000)
        CareEpisode.objects.bulk_update(changed_episodes, EPISODE_FIELDS, batch_size=2000)
        Ssda903Details.objects.bulk_create(new_details, batch_size=2000)
        if changed_details:
            Ssda903Details.objects.bulk_update(
                changed_details, [*sorted(detail_fields), "version"], batch_size=2000
            )
