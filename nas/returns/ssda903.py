"""England's SSDA903 return ('children looked after by local authorities'),
built for one local authority and one collection year from the children's
dated milestones: the Header, Episodes, PlacedAdoption and AD1 tables, with
the DfE's columns (nas.children.ssda903.SSDA903_TABLES), code sets and date
format (DD/MM/YYYY), so a region can run the English data tools on it.

Source: DfE, 'Children looked after by local authorities in England: guide
to the SSDA903 collection' and its technical specification (data dictionary
and code sets), as made executable by the DfE's open-source validator
csc-validator-be-903 (lac_validator): where this module says 'rule N' it
means that validator's rule N, whose message is quoted.

The collection year
    Year Y runs from 1 April of Y-1 to 31 March of Y (the validator's
    'collectionYear' Y; lac_validator.datastore). The return is built from
    the milestones dated on or before 31 March of Y, so an earlier year can
    be exported again and comes out the same.

Who is in it
    Every child of the authority who was looked after at some time in the
    year: entered care on or before 31 March, and not adopted before 1 April.
    Archived children are included (archiving closes a case; it does not
    undo what happened in it). A child whose plan changed away from adoption
    is included up to the year in which it changed, unless a new 'should be
    placed' decision followed: after that this service no longer follows the
    child's care, and the authority's case system returns it.

The decisions (PlacedAdoption)
    One row a 'should be placed' decision, with the date and reason of its
    reversal when it was reversed by the end of the year; a decision
    reversed before the year began is left out (rule 118), and a new
    decision after a reversal is a row of its own (rule 579). AD1's
    DATE_INT is the decision that led to the adoption, the latest.

Episodes, derived from the journey (rules 433 to 436 fix the codes)
    - entering care starts the first episode: RNE S;
    - a placement order (authority to place under s.21 of the Adoption and
      Children Act 2002) changes the legal status to E1: RNE L;
    - the placement for adoption changes the placement: PLACE A5/A6 with a
      placement order, A3/A4 with consent under s.19 (A3/A5 when the
      adopters were already the child's foster carers); RNE P with new
      carers, T with the same carers (B or U when the legal status changes
      the same day); the foster episode before it ends with
      REASON_PLACE_CHANGE CARPL ('change to or implementation of the care
      plan');
    - a disruption ends the adoption placement (REASON_PLACE_CHANGE CREQO
      when the adopters' circumstances changed, OTHER otherwise: the local
      reasons do not map more closely) and the child returns to a placement
      this service does not record, so PLACE is blank;
    - the adoption order ends the last episode: REC E11 or E12.
    Changes on the same day make one new episode, never one of no length
    (rule 355). Each episode is closed with REC X1 when the next begins.

The care history, when it was imported
    A child imported from an authority's SSDA903 return keeps its episodes
    as they came in (nas.children.models.CareEpisode, with CIN, PLACE,
    PLACE_PROVIDER, REC, REASON_PLACE_CHANGE, the postcodes and URN): the
    return gives those episodes back unchanged rather than deriving them, so
    what was imported is exported the same (docs/design.md, "The care
    history").

Facts the journey does not hold
    UPN, CIN, the legal status on entering care, the foster placement and
    who provided it, who provided the adopters, the adopters' sex and legal
    status, and whether the adoption order was opposed, come from the
    child's SSDA903 details (nas.returns.models.Ssda903Details). A blank
    stays blank, and `Ssda903Return.gaps` names it.

What this service does not hold and the return leaves blank
    - HOME_POST and PL_POST: no addresses are kept here (the adopters'
      address above all); URN is blank because Welsh placements are not
      registered with Ofsted (rule 243: none for a placement in Wales);
    - legal status and placement changes other than those above (an interim
      care order becoming a full one, a move between foster carers);
    - MOTHER is 0 for a girl under 11 at the end of the year (rule 620: a
      mother under 11 is not valid) and blank otherwise; MC_DOB is blank.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from nas.children.codes import AuthorityBasis, DisruptionReason, EarlyPermanence, LegalStatus, Sex
from nas.children.journey import MilestoneKind
from nas.children.ssda903 import DATE_FORMAT, LETTER_SEX, SSDA903_TABLES
from nas.core import spreadsheet
from nas.returns.codes import YesNo

TABLES = list(SSDA903_TABLES)
# Legal statuses under which a placement for adoption is made with a placement order.
PLACEMENT_ORDER_STATUSES = frozenset({LegalStatus.E1, LegalStatus.D1})
FOSTER_FOR_ADOPTION = frozenset({EarlyPermanence.FOSTER_FOR_ADOPTION, EarlyPermanence.CONCURRENT_PLANNING})
# DfE rule 620: a girl recorded as a mother may not be under 11.
YOUNGEST_MOTHER = 11
# From the 2024-25 collection the DfE records SEX as M, F or U (the child's
# reported sex: validator rule 101 from lac2024_25); before it, as 1 or 2.
LETTER_SEX_FROM = 2025
SEX_LETTER = {number: letter for letter, number in LETTER_SEX.items()}


# The Office for National Statistics' codes of the 22 Welsh authorities (GSS
# codes, W06): the validator's 'localAuthority', and how the English data
# tools name an authority.
ONS_CODES = {
    "isle-of-anglesey": "W06000001",
    "gwynedd": "W06000002",
    "conwy": "W06000003",
    "denbighshire": "W06000004",
    "flintshire": "W06000005",
    "wrexham": "W06000006",
    "ceredigion": "W06000008",
    "pembrokeshire": "W06000009",
    "carmarthenshire": "W06000010",
    "swansea": "W06000011",
    "neath-port-talbot": "W06000012",
    "bridgend": "W06000013",
    "vale-of-glamorgan": "W06000014",
    "cardiff": "W06000015",
    "rhondda-cynon-taf": "W06000016",
    "caerphilly": "W06000018",
    "blaenau-gwent": "W06000019",
    "torfaen": "W06000020",
    "monmouthshire": "W06000021",
    "newport": "W06000022",
    "powys": "W06000023",
    "merthyr-tydfil": "W06000024",
}


@dataclass(frozen=True)
class CollectionYear:
    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d}"


@dataclass(frozen=True)
class Details:
    """A child's SSDA903 details, as codes ('' when not recorded)."""

    upn: str = ""
    category_of_need: str = ""
    legal_status_on_entry: str = ""
    foster_placement: str = ""
    foster_placement_provider: str = ""
    placed_with_foster_carers: str = ""
    adoption_placement_provider: str = ""
    adopters_sex: str = ""
    adopters_legal_status: str = ""
    adoption_order_reason: str = ""


@dataclass(frozen=True)
class ChildFacts:
    """What the return reads about one child."""

    pk: int
    case_reference: str
    date_of_birth: date
    sex: str
    ethnicity: str
    early_permanence: str
    # (kind, date, detail), in the order the journey recorded them.
    milestones: tuple[tuple[str, date, dict[str, Any]], ...]
    details: Details = Details()
    #: The care history as imported (CareEpisode's fields, in date order): when
    #: there is one, the return gives back these episodes rather than deriving them.
    episodes: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Gap:
    """A fact the return needs for a child that nobody has recorded."""

    child: int
    case_reference: str
    field: str


@dataclass
class Episode:
    start: date
    ls: str
    place: str
    provider: str
    legal_change: bool = False
    placement_change: bool = False
    same_carers: bool = False
    end: date | None = None
    rec: str = ""
    reason_place_change: str = ""

    @property
    def rne(self) -> str:
        if not (self.legal_change or self.placement_change):
            return "S"
        if not self.placement_change:
            return "L"
        if not self.legal_change:
            return "T" if self.same_carers else "P"
        return "U" if self.same_carers else "B"


@dataclass
class Ssda903Return:
    authority: str
    year: CollectionYear
    tables: dict[str, list[list[str]]]
    # The children in the return: case reference (CHILD) to the record's key.
    children: dict[str, int] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}

    def filename(self, table: str | None = None) -> str:
        stem = f"SSDA903_{self.authority}_{self.year}"
        return f"{stem}_{table}.csv" if table else f"{stem}.zip"

    def csv(self, table: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(SSDA903_TABLES[table])
        writer.writerows([spreadsheet.neutralise(value) for value in row] for row in self.tables[table])
        return out.getvalue().encode("utf-8")

    def zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in TABLES:
                archive.writestr(f"{table}.csv", self.csv(table))
        return buffer.getvalue()


def _day(value: date | None) -> str:
    return value.strftime(DATE_FORMAT) if value else ""


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _first(child: ChildFacts, kind: str) -> tuple[date, dict[str, Any]] | None:
    return next(((when, detail) for k, when, detail in child.milestones if k == kind), None)


def _with_foster_carers(child: ChildFacts) -> bool:
    recorded = child.details.placed_with_foster_carers
    if recorded:
        return recorded == YesNo.YES
    return child.early_permanence in FOSTER_FOR_ADOPTION


def _adoption_placement(ls: str, basis: str, with_foster_carers: bool) -> str:
    """PLACE of a placement for adoption (DfE code set 'placement type')."""
    by_order = basis == AuthorityBasis.PLACEMENT_ORDER or (not basis and ls in PLACEMENT_ORDER_STATUSES)
    if by_order:
        return "A5" if with_foster_carers else "A6"
    return "A3" if with_foster_carers else "A4"


def episodes_for(child: ChildFacts, *, after: Episode | None = None) -> list[Episode]:
    """Every episode of the child's care that the journey shows (the caller
    has already left out milestones after the end of the year). With `after`
    (the last episode an authority's return gave, for a child imported then
    recorded by hand), the history goes on from that episode: it comes first,
    ended by the first milestone dated after it that ends an episode, and the
    episodes those milestones begin follow."""
    details = child.details
    if after is not None:
        begin, episodes = after.start, [after]
    else:
        entered = _first(child, MilestoneKind.ENTERED_CARE)
        if entered is None:
            return []
        begin = entered[0]
        episodes = [
            Episode(
                start=begin,
                ls=details.legal_status_on_entry,
                place=details.foster_placement,
                provider=details.foster_placement_provider,
            )
        ]
    basis = ""

    def change(
        day: date,
        *,
        ls: str | None = None,
        place: tuple[str, str] | None = None,
        same_carers: bool = False,
        reason: str = "",
    ) -> None:
        current = episodes[-1]
        legal_change = ls is not None and ls != current.ls
        if not legal_change and place is None:
            return
        if day == current.start:
            # The same day as the episode began: it is one episode, never one of no length.
            target = current
            if len(episodes) > 1:
                target.legal_change = target.legal_change or legal_change
                if place is not None:
                    target.placement_change, target.same_carers = True, same_carers
                    episodes[-2].reason_place_change = reason
        else:
            current.end, current.rec = day, "X1"
            current.reason_place_change = reason if place is not None else ""
            target = Episode(
                start=day,
                ls=current.ls,
                place=current.place,
                provider=current.provider,
                legal_change=legal_change,
                placement_change=place is not None,
                same_carers=same_carers,
            )
            episodes.append(target)
        if ls is not None:
            target.ls = ls
        if place is not None:
            target.place, target.provider = place

    for kind, day, detail in child.milestones:
        if kind == MilestoneKind.AUTHORITY_TO_PLACE:
            basis = detail.get("basis", "")
        if day < begin or (after is not None and day <= begin):
            continue  # the returned episodes show what happened by then
        if kind == MilestoneKind.AUTHORITY_TO_PLACE:
            if basis == AuthorityBasis.PLACEMENT_ORDER:
                change(day, ls=str(LegalStatus.E1))
        elif kind == MilestoneKind.PLACED:
            with_carers = _with_foster_carers(child)
            change(
                day,
                place=(
                    _adoption_placement(episodes[-1].ls, basis, with_carers),
                    details.adoption_placement_provider,
                ),
                same_carers=with_carers,
                reason="CARPL",
            )
        elif kind == MilestoneKind.DISRUPTED:
            reason = "CREQO" if detail.get("reason") == DisruptionReason.ADOPTER_CIRCUMSTANCES else "OTHER"
            change(day, place=("", ""), reason=reason)
        elif kind == MilestoneKind.ADOPTION_ORDER:
            last = episodes[-1]
            last.end, last.rec, last.reason_place_change = day, details.adoption_order_reason, ""
    return episodes


def _gaps(child: ChildFacts, *, placed: bool, adopted: bool) -> list[Gap]:
    needed = [
        "upn",
        "category_of_need",
        "legal_status_on_entry",
        "foster_placement",
        "foster_placement_provider",
    ]
    if placed:
        needed.append("adoption_placement_provider")
    if adopted:
        needed += ["adopters_sex", "adopters_legal_status", "adoption_order_reason"]
    return [Gap(child.pk, child.case_reference, name) for name in needed if not getattr(child.details, name)]


def build_return(children: Iterable[ChildFacts], *, authority: str, year: int) -> Ssda903Return:
    """The four tables for one authority's children and one collection year."""
    period = CollectionYear(year)
    tables: dict[str, list[list[str]]] = {name: [] for name in TABLES}
    result = Ssda903Return(authority=authority, year=period, tables=tables)
    for child in sorted(children, key=lambda c: (c.case_reference, c.pk)):
        known = replace(child, milestones=tuple(m for m in child.milestones if m[1] <= period.end))
        rounds = decisions(known)
        plan = [
            m
            for m in known.milestones
            if m[0] in (MilestoneKind.SHOULD_BE_PLACED, MilestoneKind.PLAN_CHANGED)
        ]
        if plan and plan[-1][0] == MilestoneKind.PLAN_CHANGED and plan[-1][1] < period.start:
            continue
        if child.episodes:
            rows = _stored_episodes(child, period)
        else:
            episodes = [e for e in episodes_for(known) if e.end is None or e.end >= period.start]
            rows = [_episode_row(child, e) for e in episodes]
        if not rows:
            continue
        result.children[child.case_reference] = child.pk
        dob = _day(child.date_of_birth)
        young_girl = child.sex == Sex.FEMALE and _age_on(child.date_of_birth, period.end) < YOUNGEST_MOTHER
        sex = SEX_LETTER.get(child.sex, "U") if year >= LETTER_SEX_FROM else child.sex
        mother = "0" if young_girl else ""
        tables["Header"].append(
            [child.case_reference, sex, dob, child.ethnicity, child.details.upn, mother, ""]
        )
        tables["Episodes"].extend(rows)
        for decided, ceased in rounds:
            if ceased is not None and ceased[0] < period.start:
                continue  # rule 118: a decision reversed before the year is not in its return
            tables["PlacedAdoption"].append(
                [
                    child.case_reference,
                    dob,
                    _day(decided),
                    _day(ceased[0]) if ceased else "",
                    ceased[1].get("reason", "") if ceased else "",
                ]
            )
        adoption = _first(known, MilestoneKind.ADOPTION_ORDER)
        adopted = adoption is not None and adoption[0] in period
        if adopted and rounds:
            tables["AD1"].append(_ad1_row(known, dob, rounds[-1][0]))
        placed = any(k == MilestoneKind.PLACED for k, _d, _x in known.milestones)
        result.gaps.extend(_gaps(child, placed=placed, adopted=adopted))
    return result


def decisions(child: ChildFacts) -> list[tuple[date, tuple[date, dict[str, Any]] | None]]:
    """The child's 'should be placed' decisions, each with its reversal (the
    plan change that followed it: date and detail) or None while it stands.
    A decision may follow a reversal (nas.children.journey.
    NEW_DECISION_AFTER_REVERSAL): the return has one PlacedAdoption row a
    decision (rule 579)."""
    found: list[tuple[date, tuple[date, dict[str, Any]] | None]] = []
    for kind, day, detail in child.milestones:
        if kind == MilestoneKind.SHOULD_BE_PLACED:
            found.append((day, None))
        elif kind == MilestoneKind.PLAN_CHANGED and found and found[-1][1] is None:
            found[-1] = (found[-1][0], (day, detail))
    return found


def _episode_row(child: ChildFacts, e: Episode) -> list[str]:
    return [
        child.case_reference,
        _day(e.start),
        e.rne,
        e.ls,
        child.details.category_of_need,
        e.place,
        e.provider,
        _day(e.end),
        e.rec,
        e.reason_place_change,
        "",
        "",
        "",
    ]


def _stored_episodes(child: ChildFacts, period: CollectionYear) -> list[list[str]]:
    """The imported episodes open at some time in the year, as they came in;
    an episode that ended after the year is still open at its end."""
    rows = []
    for e in child.episodes:
        if e["start"] > period.end or (e["end"] is not None and e["end"] < period.start):
            continue
        ended = e["end"] is not None and e["end"] <= period.end
        rows.append(
            [
                child.case_reference,
                _day(e["start"]),
                e["reason_new"],
                e["legal_status"],
                e["category_of_need"],
                e["place"],
                e["place_provider"],
                _day(e["end"]) if ended else "",
                e["reason_ended"] if ended else "",
                e["reason_place_change"] if ended else "",
                e["home_postcode"],
                e["placement_postcode"],
                e["urn"],
            ]
        )
    return rows


def _ad1_row(child: ChildFacts, dob: str, decided: date) -> list[str]:
    """AD1 for a child adopted in the year. DATE_MATCH is the agency decision
    maker's match decision for the placement that led to the adoption: the
    last one before that placement (rule 331: on or before the placement)."""
    placed_on = max(d for k, d, _x in child.milestones if k == MilestoneKind.PLACED)
    matched = [d for k, d, _x in child.milestones if k == MilestoneKind.MATCH_DECISION and d <= placed_on]
    sex = child.details.adopters_sex
    return [
        child.case_reference,
        dob,
        _day(decided),
        _day(max(matched)) if matched else "",
        "1" if _with_foster_carers(child) else "0",
        ("1" if sex in {"M1", "F1"} else "2") if sex else "",
        sex,
        child.details.adopters_legal_status,
    ]
