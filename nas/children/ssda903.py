"""England's SSDA903 return ('children looked after'), as far as the child's
journey touches it: the column sets of the four tables it shares with this
service, and the codes that mark a placement for adoption and an adoption.

One definition for both directions: the import (nas.children.imports) reads
these tables, and the export (nas.returns.ssda903) writes them. The column
sets are the DfE's, as the DfE's open-source validator reads them
(csc-validator-be-903, lac_validator/config.py).
"""

from __future__ import annotations

import re

SSDA903_TABLES: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "AD1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
}
#: The return's other tables (csc-validator-be-903, lac_validator/config.py): an
#: upload of the whole return names them and skips them, it does not refuse them.
SKIPPED_TABLES: dict[str, list[str]] = {
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS"],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}
# PLACE codes of a placement for adoption: A3/A4 with parental consent (Adoption and
# Children Act 2002, s.19), A5/A6 with a placement order (s.21); A3 and A5 with the
# child's current foster carers.
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
# REC codes of an episode that ended with an adoption order.
ADOPTED_REASONS = frozenset({"E11", "E12"})
# From the 2024-25 collection SEX is M, F or U (before it, 1 or 2); as codes.Sex.
LETTER_SEX = {"M": "1", "F": "2", "U": "U"}
#: RNE (reason for new episode) "S": started to be looked after, the episode
#: that begins a period of care.
STARTED_CARE = "S"
# The date format of every date in the return.
DATE_FORMAT = "%d/%m/%Y"
# A case reference (CHILD): letters and digits, with hyphens, slashes, underscores,
# full stops or single spaces between them; 40 characters at most (Child.case_reference).
# Anything else is not an identifier: it would travel into the return's tables and
# every spreadsheet that lists the child, where text such as =HYPERLINK(...) runs.
CASE_REFERENCE = re.compile(r"[A-Za-z0-9]+(?:[-/_. ][A-Za-z0-9]+)*")
CASE_REFERENCE_MAX = 40


def is_case_reference(text: str) -> bool:
    return len(text) <= CASE_REFERENCE_MAX and CASE_REFERENCE.fullmatch(text) is not None
