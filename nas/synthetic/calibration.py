"""The published figures the synthetic national dataset is calibrated on, and
the model's parameters that reproduce them.

Every figure carries its source. Where a parameter is a modelling choice
rather than a published figure (a delay's spread, a share nobody
publishes), it says so. Figures are for Wales at scale 1; the generator
multiplies every rate by the scale.

Published figures (Welsh Government, 'Children looked after by local
authorities' statistical releases and StatsWales; National Adoption Service
for Wales (NAS) annual reports, as reported by Community Care, ADSS Cymru
and the Welsh Government; CoramBAAF's 'Statistics: Wales' page, which
collects the Welsh Government releases):

- Children looked after on 31 March: 5,419 (2011), 5,756 (2014), 5,617
  (2015), 5,662 (2016), 5,954 (2017), 6,407 (2018), 6,846 (2019), 7,172
  (2020), 7,210 (2023), 7,198 (2024).
- Children starting to be looked after: 2,162 in 2017-18, 2,125 in 2018-19,
  "just under 2,000" in 2023-24; 1,678 left care in 2018-19.
- Children placed for adoption: 300 in 2011-12, 366 in 2013-14, 386 in
  2014-15 (NAS annual report 2014-15, Community Care 16 July 2015); "more than
  300" in 2017-18 (NAS annual report 2017-18).
- Children adopted from care: 252 (2010-11), 383 (2014-15), 312 (2016-17),
  308 (2017-18), 309 (2018-19), 244 (2022-23).
- Adopters approved: 197 in 2011-12, 236 in 2013-14, 297 in 2014-15 (NAS
  annual report 2014-15).
- Entering care to placement for adoption: 26 months in 2013-14, 16.5 in
  2014-15, 13.5 (2016, Community Care 11 April 2017), 14.5 months in 2017-18,
  and 7.9 months from authority to place to placement (NAS annual report
  2017-18).
- Adopted by their former foster carers: 13% in 2010-11 (87% "adopted by
  others"), 8% (24) in 2016-17, 10% (24 of 244) in 2022-23.
- The register: 139 children waiting in November 2014, "half of those
  children waiting are brothers and sisters, and the majority are over the
  age of two" (NAS, Institute of Welsh Affairs, November 2014); about 119
  waiting in January 2022, siblings waiting 135 days longer on average than
  single children (NAS campaign, Flintshire County Council, 31 January 2022);
  children aged four and over waited 15 months against seven for younger
  children (NAS figures, Senedd Research, 22 October 2015).
- Children looked after by authority: StatsWales, 'Children looked after at
  31 March by local authority and ethnicity' (the authorities' shares and
  their ethnic mix) and 'Children looked after at 31 March, by local
  authority' (CH/039; Wales 7,200).

Not confirmed (modelling choices, stated where used): the numbers of
enquiries and of requests for adoption support, the spread of every delay,
the shares of disruptions and of plan changes by reason, adopters' approval
ranges, and the Welsh-language shares of children looked after (taken as a
fraction of the 2011 census shares of Welsh speakers).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Published ranges the scale-1 data must fall in --------------------------


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    source: str

    def scaled(self, scale: float) -> Range:
        return Range(self.low * scale, self.high * scale, self.source)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, (int, float)) and self.low <= value <= self.high


LOOKED_AFTER = Range(
    5600,
    7200,
    "Welsh Government, Children looked after by local authorities: 5,617 on 31 March 2015 to "
    "7,210 on 31 March 2023",
)
PLACED_PER_YEAR = Range(300, 390, "NAS annual reports: 300 placed in 2011-12, 366 in 2013-14, 386 in 2014-15")
APPROVED_PER_YEAR = Range(
    200, 300, "NAS annual report 2014-15: 197 adopters approved in 2011-12, 236 in 2013-14, 297 in 2014-15"
)
MONTHS_CARE_TO_PLACED = Range(
    13,
    17,
    "NAS: 16.5 months in 2014-15, 13.5 in 2016, 14.5 in 2017-18 from becoming looked after to placement",
)
SIBLING_SHARE_ON_REGISTER = Range(
    0.40, 0.60, "NAS, November 2014: half of the children waiting on the register are brothers and sisters"
)
FOSTER_CARER_SHARE = Range(
    0.06,
    0.14,
    "Welsh Government: 8% of adoptions from care by former foster carers in 2016-17, 10% in 2022-23",
)

# --- The authorities --------------------------------------------------------------

#: Children looked after by authority (StatsWales, 'Children looked after at 31
#: March by local authority and ethnicity', totals): the authorities' shares of
#: entries into care, and the count of white children among them.
#: (code, children, of whom white)
AUTHORITIES: list[tuple[str, int, int]] = [
    ("isle-of-anglesey", 290, 275),
    ("gwynedd", 560, 495),
    ("conwy", 435, 390),
    ("denbighshire", 410, 370),
    ("flintshire", 480, 440),
    ("wrexham", 655, 620),
    ("powys", 475, 395),
    ("ceredigion", 265, 230),
    ("pembrokeshire", 495, 465),
    ("carmarthenshire", 445, 365),
    ("swansea", 975, 865),
    ("neath-port-talbot", 510, 460),
    ("bridgend", 765, 725),
    ("vale-of-glamorgan", 665, 600),
    ("cardiff", 2095, 1505),
    ("rhondda-cynon-taf", 1260, 1210),
    ("merthyr-tydfil", 370, 345),
    ("caerphilly", 935, 895),
    ("blaenau-gwent", 410, 385),
    ("torfaen", 740, 710),
    ("monmouthshire", 410, 365),
    ("newport", 725, 495),
]

#: Share of children whose first language is Welsh, as a fraction of the
#: 2011 census share of Welsh speakers in the area (modelling choice).
WELSH_SPEAKING = {
    "gwynedd": 0.50,
    "isle-of-anglesey": 0.40,
    "ceredigion": 0.32,
    "carmarthenshire": 0.28,
    "conwy": 0.12,
    "denbighshire": 0.12,
    "powys": 0.09,
    "pembrokeshire": 0.09,
    "neath-port-talbot": 0.06,
}
WELSH_SPEAKING_ELSEWHERE = 0.04

#: Ethnic groups other than white among children looked after in Wales
#: (StatsWales, same table: Asian 375, Black 250, Mixed 660, Other 470), with
#: the SSDA903 codes each group is spread over.
NON_WHITE_GROUPS: list[tuple[int, tuple[str, ...]]] = [
    (375, ("APKN", "ABAN", "AIND", "AOTH")),
    (250, ("BAFR", "BCRB", "BOTH")),
    (660, ("MWBC", "MWBA", "MWAS", "MOTH")),
    (470, ("OOTH", "CHNE")),
]
WHITE_CODES = (("WBRI", 90), ("WOTH", 7), ("WIRI", 2), ("WROM", 1))

# --- Children entering and leaving care (modelling choices, tuned to the figures) --

#: Children entering care a year at scale 1, today (published: 2,162 in
#: 2017-18, 2,125 in 2018-19, just under 2,000 in 2023-24), and the yearly
#: growth behind it (the number looked after grew from 5,617 in 2015 to 7,198
#: in 2024).
ENTRIES_PER_YEAR = 2150
ENTRIES_GROWTH = 0.01
#: Children entering care together: (brothers and sisters, weight).
FAMILY_SIZES = ((1, 65), (2, 23), (3, 8), (4, 4))
#: Age of the youngest child entering: (from days, to days, weight): under
#: one a fifth, one to four a fifth, five to nine a fifth, older the rest.
ENTRY_AGES = (
    (0, 30, 9),
    (30, 365, 12),
    (365, 5 * 365, 20),
    (5 * 365, 10 * 365, 19),
    (10 * 365, 16 * 365, 30),
    (16 * 365, 17 * 365 + 300, 10),
)
#: The chance that adoption becomes the plan, by the youngest child's age at
#: entry in days (modelling choice, tuned to 300-390 placements a year).
ADOPTION_PLAN_CHANCE = ((60, 0.76), (365, 0.70), (2 * 365, 0.55), (4 * 365, 0.35), (6 * 365, 0.11))
#: Children older than this at entry never join their siblings' adoption plan.
ADOPTION_AGE_LIMIT = 8 * 365
#: How children leave care other than by adoption: (reason, weight, median
#: months, spread); "18" means they stay until their eighteenth birthday.
LEAVING_CARE = (
    ("returned_home", 42, 8, 1.0),
    ("special_guardianship", 17, 18, 0.5),
    ("child_arrangements_order", 4, 14, 0.5),
    ("independent_living", 9, 36, 0.6),
    ("other", 4, 18, 0.8),
    ("18", 24, 0, 0),
)
#: Share staying until 18 rises with age at entry: (age in years from, weight).
STAY_UNTIL_18 = ((0, 16), (1, 21), (5, 36), (10, 42), (16, 45))
LEAVING_CARE_LABELS = {
    "returned_home": "Left care: returned home to live with parents or relatives",
    "special_guardianship": "Left care: special guardianship order",
    "child_arrangements_order": "Left care: child arrangements order",
    "independent_living": "Left care: moved to independent living",
    "other": "Left care: looked after period ended for another reason",
    "18": "Left care: turned 18",
    "plan_changed": "Left care after the plan changed away from adoption: special guardianship order",
}

# --- The adoption journey (delays in days: median, spread of the log-normal) ------

TO_PERMANENCE_PLAN = (95, 0.45)
TO_CHILDS_REPORT = (38, 0.35)
TO_SHOULD_BE_PLACED = (28, 0.4)
TO_PLACEMENT_ORDER = (62, 0.45)
TO_CONSENT = (28, 0.3)
TO_SUPPORT_NEEDS = (35, 0.5)
TO_REGION_REFERRAL = (18, 0.6)
TO_REGISTER_REFERRAL = (24, 0.5)
#: Family finding before a first link is even tried, and between tries.
FAMILY_FINDING_START = (80, 0.6)
RETRY_EVERY = 21
#: Own region only for this long after authority to place, then all Wales.
OWN_REGION_FIRST = 180
#: Give up and change the plan (RD3, no adopters found) after this long.
GIVE_UP_AFTER = (480, 0.3)
TO_MATCHING_PANEL = (49, 0.35)
TO_MATCH_DECISION = (8, 0.4)
TO_INTRODUCTIONS = (12, 0.4)
INTRODUCTIONS_LAST = (10, 0.4)
TO_ADOPTION_ORDER = (250, 0.4)
#: Shares of each outcome (modelling choices).
CONSENT_SHARE = 0.08
COURT_REFUSES = 0.05
NEEDS_CHANGE = 0.03
INTRODUCTIONS_END = 0.02
PLACEMENT_DISRUPTS = 0.03
#: Share of sibling groups placed apart (in pairs), by size of the group.
SIBLINGS_PLACED_APART = {2: 0.05, 3: 0.45, 4: 0.8}
#: Adoption is less often the plan for three or more brothers and sisters.
LARGE_GROUP_PLAN_FACTOR = 0.6
#: Foster carers who adopt: early permanence (foster for adoption or
#: concurrent planning) for babies, and long-standing foster carers for
#: others; together about a tenth of adoptions.
EARLY_PERMANENCE_SHARE = 0.045
FOSTER_CARERS_ADOPT = 0.04

# --- Adopters (modelling choices tuned to 200-300 approvals a year) --------------

#: Households opened a year at scale 1 (after an enquiry or information event).
HOUSEHOLDS_PER_YEAR = 410
#: Web enquiries a year: those that open a household, and those that go no further.
ENQUIRIES_CLOSED_PER_YEAR = 650
#: Who opens households: the regions in proportion to their children, and the
#: voluntary agencies together this share.
AGENCY_SHARE = 0.22
OUTSIDE_WALES_SHARE_OF_AGENCY = 0.2
#: Approval ranges: oldest age (years, weight), most children (number, weight).
AGE_MAX = ((1, 3), (2, 12), (3, 22), (4, 26), (5, 16), (6, 11), (8, 7), (10, 3))
MAX_CHILDREN = ((1, 22), (2, 55), (3, 18), (4, 5))
DISABILITY_OPEN = 0.2
NEED_LEVELS = (("low", 15), ("medium", 55), ("high", 30))
#: How long an approved household waits before giving up (days).
PATIENCE = (560, 0.45)
