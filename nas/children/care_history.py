"""The child's care history as the SSDA903 import keeps it: every episode
(nas.children.models.CareEpisode) and the SSDA903 details the episodes,
the Header and AD1 carry (nas.returns.models.Ssda903Details), so the SSDA903
export gives back what came in (docs/design.md, "The care history").

The import reads the cells (nas.children.imports); this module turns an
imported child's rows into history and writes it in bulk: a later year's
file completes the episodes it shares with an earlier one and adds the new
ones. Nothing is deleted.

A child recorded by hand (pages, the API, the generator) has the history
its milestones make: entering care begins an episode, a placement order,
the placement for adoption and its end begin new ones, the adoption order
ends the last (nas.returns.ssda903.episodes_for says how). The journey's
services call `journey_history_write` in the same transaction as the
milestone, so the SSDA903 export reads stored episodes for every child.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nas.children.models import CareEpisode, Child, Milestone
from nas.children.ssda903 import ADOPTED_REASONS, ADOPTION_PLACEMENTS, STARTED_CARE
from nas.core.bulk import among, insert_rows

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


def _same(values: dict[str, Any], stored: CareEpisode) -> bool:
    """Whether a file's episode is the stored one: an episode the file leaves
    open that a milestone recorded by hand has ended since is the same."""
    if stored.ended_by_journey and values["end"] is None and not values["reason_ended"]:
        values = {**values, **{name: getattr(stored, name) for name in _ENDING}}
    return _episode_key(values) == _episode_key(vars(stored))


class History:
    """The stored history of the children an import touches, read in two
    queries, to say what a file would change and to write it."""

    def __init__(self, children: Iterable[Child]) -> None:
        from nas.returns.models import DETAIL_FIELDS, Ssda903Details

        self.detail_fields = DETAIL_FIELDS
        ids = [c.pk for c in children]
        self.episodes: dict[int, dict[date, CareEpisode]] = defaultdict(dict)
        for episode in among(CareEpisode.objects.current(), "child", ids):
            self.episodes[episode.child_id][episode.start] = episode
        self.details = {d.child_id: d for d in among(Ssda903Details.objects.all(), "child", ids)}

    def changes(self, child: Child | None, episodes: list[dict[str, Any]], details: dict[str, str]) -> int:
        """How many episodes and details the file changes or adds for this child."""
        have = self.episodes.get(child.pk, {}) if child is not None else {}
        changed = sum(1 for e in episodes if e["start"] not in have or not _same(e, have[e["start"]]))
        stored = self.details.get(child.pk) if child is not None else None
        changed += sum(1 for k, v in details.items() if getattr(stored, k, "") != v)
        return changed

    def superseded(self, child: Child, episodes: list[dict[str, Any]]) -> list[str]:
        """The days of the child's hand-recorded episodes the file's replace."""
        have = self.episodes.get(child.pk, {})
        return [
            e["start"].isoformat()
            for e in episodes
            if e["start"] in have and have[e["start"]].source == RECORDED and not _same(e, have[e["start"]])
        ]

    def write(
        self, rows: list[tuple[Child, list[dict[str, Any]], dict[str, str]]], *, actor: Any = None
    ) -> None:
        """Store the episodes and details of these (saved) children, in bulk.
        A file's episode that replaces one recorded by hand archives it
        (superseded, with the reason): nothing about a child is deleted."""
        from nas.returns.models import Ssda903Details

        new_episodes, changed_episodes, superseded = [], [], []
        new_details, changed_details, detail_fields = [], [], set()
        for child, episodes, details in rows:
            have = self.episodes.get(child.pk, {})
            for values in episodes:
                stored = have.get(values["start"])
                if stored is None:
                    new_episodes.append(CareEpisode(child=child, **values))
                elif stored.source == RECORDED and not _same(values, stored):
                    superseded.append(stored)
                    new_episodes.append(CareEpisode(child=child, **values))
                elif not _same(values, stored):
                    for name in EPISODE_FIELDS:
                        setattr(stored, name, values[name])
                    stored.source, stored.ended_by_journey = IMPORTED, False
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
        _archive(superseded, _("Replaced by the episode in the authority's return (import)"), actor)
        insert_rows(CareEpisode, new_episodes)
        CareEpisode.objects.bulk_update(
            changed_episodes, [*EPISODE_FIELDS, "source", "ended_by_journey"], batch_size=2000
        )
        insert_rows(Ssda903Details, new_details)
        if changed_details:
            Ssda903Details.objects.bulk_update(
                changed_details, [*sorted(detail_fields), "version"], batch_size=2000
            )


IMPORTED = "import"
RECORDED = "journey"
#: The milestones that begin or end an episode; recording another leaves the history as it is.
EPISODE_MILESTONES = frozenset(
    {"entered_care", "authority_to_place", "placed", "disrupted", "adoption_order"}
)
_CHILD_FACTS = ("pk", "case_reference", "date_of_birth", "sex", "ethnicity", "early_permanence")
_BATCH = 2000


def journey_history_write(children: Iterable[int]) -> int:
    """The one writer of the care history of children recorded by hand:
    their episodes made again from their milestones and SSDA903 details, and
    stored (new ones added, changed ones updated; one that the milestones no
    longer make, after a correction, is taken away: it was only ever their
    copy). A child whose history came from an import keeps it as imported,
    and what is recorded by hand afterwards goes on from the last episode the
    return gave: the milestones dated after it end it (if the return left it
    open) and begin the episodes that follow. Batched: a few queries for any
    number of children. Returns the number of episodes written."""
    ids = _needing(sorted(set(children)))
    written = 0
    for start in range(0, len(ids), _BATCH):
        written += _write_recorded(ids[start : start + _BATCH])
    return written


def _needing(ids: list[int]) -> list[int]:
    """The children whose history the milestones may change: every child
    recorded by hand, and a child imported whose return's last episode was
    ended by a milestone recorded by hand, who has hand-recorded episodes, or
    who has a milestone that begins or ends an episode dated after the last
    episode the return gave (the adoption order that ends it excepted). An
    import of 10,000 children leaves out all of them in two light queries."""
    last: dict[int, tuple[date, date | None, bool]] = {}
    for child_id, start, end, by_journey in (
        among(CareEpisode.objects.current().filter(source=IMPORTED), "child", ids)
        .order_by("child_id", "start")
        .values_list("child_id", "start", "end", "ended_by_journey")
    ):
        last[child_id] = (start, end, by_journey)
    if not last:
        return ids
    wanted = {i for i in ids if i not in last or last[i][2]}
    wanted.update(
        among(CareEpisode.objects.current().filter(source=RECORDED), "child", list(last)).values_list(
            "child_id", flat=True
        )
    )
    for child_id, kind, day in among(
        Milestone.objects.filter(kind__in=EPISODE_MILESTONES), "child", list(last)
    ).values_list("child_id", "kind", "date"):
        start, end, _by_journey = last[child_id]
        if day > start and not (kind == "adoption_order" and day == end):
            wanted.add(child_id)
    return sorted(wanted)


def _write_recorded(ids: list[int]) -> int:
    from nas.returns.models import DETAIL_FIELDS, Ssda903Details
    from nas.returns.ssda903 import ChildFacts, Details, Episode, episodes_for

    # The last episode each child's return gave: what is recorded by hand goes on from it.
    returned: dict[int, CareEpisode] = {}
    for episode in among(CareEpisode.objects.current().filter(source=IMPORTED), "child", ids).order_by(
        "start"
    ):
        returned[episode.child_id] = episode
    milestones: dict[int, list[tuple[str, date, dict[str, Any]]]] = defaultdict(list)
    for child_id, kind, day, detail in (
        among(Milestone.objects.all(), "child", ids)
        .order_by("child_id", "sequence")
        .values_list("child_id", "kind", "date", "detail")
    ):
        milestones[child_id].append((kind, day, detail or {}))
    details = {
        row.pop("child_id"): row
        for row in among(Ssda903Details.objects.all(), "child", ids).values("child_id", *DETAIL_FIELDS)
    }
    have: dict[tuple[int, date], CareEpisode] = {
        (e.child_id, e.start): e
        for e in among(CareEpisode.objects.current().filter(source=RECORDED), "child", ids)
    }
    new, changed, ended = [], [], []
    for child in among(Child.objects.all(), "id", ids).values(*_CHILD_FACTS):
        facts = ChildFacts(
            **child,
            milestones=tuple(milestones.get(child["pk"], ())),
            details=Details(**details[child["pk"]]) if child["pk"] in details else Details(),
        )
        last = returned.get(child["pk"])
        category = facts.details.category_of_need
        if last is None:
            made = episodes_for(facts)
        else:
            # Recorded after an import: the history goes on from the return's last episode.
            open_ = last.end is None or last.ended_by_journey
            seed = Episode(
                start=last.start,
                ls=last.legal_status,
                place=last.place,
                provider=last.place_provider,
                end=None if open_ else last.end,
                rec="" if open_ else last.reason_ended,
                reason_place_change="" if open_ else last.reason_place_change,
            )
            made = episodes_for(facts, after=seed)
            first, made = made[0], [e for e in made[1:] if e.start > last.start]
            if open_ and _ended(last, first):
                ended.append(last)
            category = last.category_of_need
        for episode in made:
            values = {
                "start": episode.start,
                "end": episode.end,
                "reason_new": episode.rne,
                "legal_status": episode.ls,
                "category_of_need": category,
                "place": episode.place,
                "place_provider": episode.provider,
                "reason_ended": episode.rec,
                "reason_place_change": episode.reason_place_change,
                "home_postcode": "",
                "placement_postcode": "",
                "urn": "",
            }
            stored = have.pop((child["pk"], episode.start), None)
            if stored is None:
                new.append(CareEpisode(child_id=child["pk"], source=RECORDED, **values))
            elif _episode_key(values) != _episode_key(vars(stored)):
                for name in EPISODE_FIELDS:
                    setattr(stored, name, values[name])
                changed.append(stored)
    # What the milestones no longer make (a corrected date) is archived first,
    # so an episode made on the same day can take its place.
    _archive(list(have.values()), _("No longer made by the milestones recorded, after a correction"))
    insert_rows(CareEpisode, new)
    CareEpisode.objects.bulk_update(changed, EPISODE_FIELDS, batch_size=_BATCH)
    CareEpisode.objects.bulk_update(ended, [*_ENDING, "ended_by_journey"], batch_size=_BATCH)
    return len(new) + len(changed) + len(ended)


def _archive(episodes: list[CareEpisode], reason: str, actor: Any = None) -> None:
    """Archive these episodes as superseded, with the reason (never deleted)."""
    if not episodes:
        return
    now = timezone.now()
    for episode in episodes:
        episode.archived_at, episode.archive_reason = now, reason
        episode.archived_by = actor if getattr(actor, "pk", None) else None
    CareEpisode.objects.bulk_update(
        episodes, ["archived_at", "archive_reason", "archived_by"], batch_size=_BATCH
    )


#: What a milestone recorded by hand sets on the imported episode it ends.
_ENDING = ("end", "reason_ended", "reason_place_change")


def _ended(episode: CareEpisode, by: Any) -> bool:
    """Give the open (or journey-ended) imported `episode` the ending the
    milestones recorded by hand make (`by`, the same episode as the journey
    goes on from it): whether that changes it."""
    ending = (by.end, by.rec, by.reason_place_change) if by.end is not None else (None, "", "")
    if (episode.end, episode.reason_ended, episode.reason_place_change) == ending:
        return False
    episode.end, episode.reason_ended, episode.reason_place_change = ending
    episode.ended_by_journey = by.end is not None
    return True


def care_history_of(child: Child) -> list[CareEpisode]:
    """The child's care history (a child the caller was allowed to read):
    every episode in date order, the superseded ones included (archived, with
    why) before the episode that took their place."""
    return list(CareEpisode.objects.filter(child=child).order_by("start", "pk"))
