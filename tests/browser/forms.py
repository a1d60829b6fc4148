"""Filling the service's form pieces in the browser as a person does: the
GOV.UK date input's three boxes, and a search step's search then radio."""

from __future__ import annotations

from datetime import date


def fill_date(page, selector: str, value: date | str) -> None:
    """Type a date into the day, month and year boxes of `selector` (#id_<name>)."""
    if isinstance(value, str):
        day, month, year = value.replace("-", "/").split("/")
    else:
        day, month, year = str(value.day), str(value.month), str(value.year)
    page.fill(f"{selector}-day", day)
    page.fill(f"{selector}-month", month)
    page.fill(f"{selector}-year", year)


def choose(page, field: str, search: str, label: str) -> None:
    """Search a search step for `search`, then choose the match whose label starts with `label`."""
    page.fill(f"#id_{field}-q", search)
    page.click(f"button[name='search'][value='{field}']")
    page.wait_for_load_state("load")
    page.locator(f"[data-testid='chooser-{field}'] label:has-text('{label}')").first.click()
