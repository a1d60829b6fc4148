"""A value and the hint after it are separate words to a screen reader and
when copied ("Leila Ahmed CDF-1003", not "Leila AhmedCDF-1003"): no template
puts a hint straight after a value or a link with no space between."""

from __future__ import annotations

import re
from pathlib import Path

import nas

RUN_TOGETHER = re.compile(r'(\}\}|</a>|%\})<span class="govuk-hint')


def test_no_hint_runs_into_the_value_before_it():
    root = Path(nas.__file__).parent
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        if "static" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if RUN_TOGETHER.search(line)
    ]
    assert found == []
