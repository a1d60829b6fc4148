"""Labels and values are separate words, and counts take the right plural.

A screen reader, or a person copying a page, reads the text across the edge
of an inline element as it is: "Leila Ahmed<span>CDF-1003</span>" is "Leila
AhmedCDF-1003", and GOV.UK's warning text's hidden "Warning" ran into the
warning ("WarningAdopted before 12 November 1975"). tests.core.spacing finds
two words meeting at an inline edge; the pages below are read with it. Ages
and waits are worded with ngettext ("1 year 9 months", "1 day"), in Welsh
too."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

import nas
from nas.matching.engine import age_words, days_words
from tests.core.spacing import run_together


def test_the_reader_finds_the_words_the_issue_found_run_together():
    assert run_together("<td>Leila Ahmed<span class='x'>CDF-1003</span></td>") == ["Leila Ahmed|CDF-1003"]
    assert run_together("<p><strong>Recommended</strong>WALK-12</p>") == ["Recommended|WALK-12"]
    assert run_together("<p>decision<a href='/'>NAS Wales performance framework</a></p>") == [
        "decision|NAS Wales performance framework"
    ]
    hidden = '<strong><span class="govuk-visually-hidden">Warning</span>Adopted before 1975</strong>'
    assert run_together(hidden) == ["Warning|Adopted before 1975"]


def test_the_reader_lets_blocks_spaces_hidden_icons_and_charts_be():
    assert run_together('<td>Leila Ahmed <span class="govuk-hint">CDF-1003</span></td>') == []
    assert run_together('<dt>Name</dt><dd>Leila</dd><p class="govuk-body">x</p>') == []
    assert run_together('<td>Due<span class="govuk-hint">NAS framework</span>Next</td>') == []
    assert run_together('<span aria-hidden="true">!</span><strong>Warning</strong>') == []
    assert run_together('<svg role="img"><text>0</text><text>5</text></svg>') == []
    assert run_together('<p>Remove<span class="govuk-visually-hidden"> Dylan</span></p>') == []


def test_every_warning_text_keeps_a_space_after_its_hidden_warning():
    root = Path(nas.__file__).parent
    glued = re.compile(r'govuk-visually-hidden">\{% translate "Warning" %\}</span>\S')
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        if "static" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if glued.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_the_birth_records_warning_reads_as_two_words(client_for, personas):
    from nas.organisations.models import Organisation
    from nas.support import services

    region = Organisation.objects.get(code="vale-valleys-cardiff")
    worker = personas["support.vvc"]
    person = services.person_create(
        actor=worker,
        region_id=region.pk,
        kind="adopted_adult",
        first_names="Leila",
        last_name="Ahmed",
        date_of_birth=date(1960, 2, 1),
        adoption_date=date(1961, 5, 4),
    )
    record = services.birth_records_create(
        actor=worker,
        region_id=region.pk,
        person=person,
        received_on=date(2026, 1, 6),
        counselling_offered_on=date(2026, 1, 6),
        worker=worker,
    )
    for language in ("en", "cy"):
        page = client_for("support.vvc").get(
            f"/support/birth-records/{record.pk}/", HTTP_ACCEPT_LANGUAGE=language
        )
        assert page.status_code == 200
        assert run_together(page.content.decode()) == []
    assert client_for("ff.north").get(f"/support/birth-records/{record.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["analyst.national", "director.national"])
def test_the_national_plan_and_equity_pages_read_word_by_word(client_for, username):
    for url in ("/family-finding/national-plan/", "/family-finding/equity/"):
        page = client_for(username).get(url)
        assert page.status_code == 200
        assert run_together(page.content.decode()) == [], url


def test_ages_and_waits_take_the_plural_their_number_needs_in_english_and_welsh():
    assert age_words(1, 9) == "1 year 9 months"
    assert age_words(2, 1) == "2 years 1 month"
    assert age_words(0, 11) == "11 months"
    assert (days_words(1), days_words(12)) == ("1 day", "12 days")
    with translation.override("cy"):
        assert age_words(1, 9) == "1 flwyddyn 9 mis"
        assert age_words(2, 1) == "2 flynedd 1 mis"
        assert age_words(8, 0) == "8 mlynedd"
        assert (days_words(1), days_words(2), days_words(12)) == ("1 diwrnod", "2 ddiwrnod", "12 diwrnod")


def test_a_suggestions_waits_are_worded_one_day_or_many():
    from nas.matching.engine import Contribution

    one = Contribution("child_waiting", 3, "child_waiting", {"days": 1})
    many = Contribution("family_waiting", 3, "family_waiting", {"days": 40})
    assert one.reason == "the child has waited 1 day"
    assert many.reason == "the family has waited 40 days since approval"
    with translation.override("cy"):
        assert one.reason == "mae'r plentyn wedi aros 1 diwrnod"
