"""Dates are typed in the GOV.UK date input (day, month and year in three
boxes, https://design-system.service.gov.uk/components/date-input/) in every
form: a hint, the date being edited in the boxes, and errors in the Design
System's words that point at the box that is wrong."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date

import pytest
from django import forms
from django.template import Context, Template

import nas
from nas.core.forms import DateField, DateInput

FORM = Template('{% load govuk %}{% include "includes/error_summary.html" %}{% govuk_field form.when %}')


class WhenForm(forms.Form):
    when = DateField(label="Date of the visit", error_messages={"required": "Enter the date of the visit"})


def render(form: forms.Form) -> str:
    return FORM.render(Context({"form": form}))


def test_it_shows_three_labelled_boxes_in_a_fieldset_with_a_hint():
    html = render(WhenForm())
    assert '<legend class="govuk-fieldset__legend">Date of the visit</legend>' in html
    assert 'aria-describedby="id_when-hint"' in html
    assert "For example, 27 3 2026" in html
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert f'for="id_when-{part}">{label}</label>' in html
        assert f'name="when-{part}"' in html


def test_it_fills_the_boxes_with_the_date_being_edited():
    html = render(WhenForm(initial={"when": date(2026, 3, 7)}))
    assert re.search(r'id="id_when-day"[^>]*value="7"', html)
    assert re.search(r'id="id_when-month"[^>]*value="3"', html)
    assert re.search(r'id="id_when-year"[^>]*value="2026"', html)


def test_it_reads_the_three_boxes():
    form = WhenForm({"when-day": "7", "when-month": "3", "when-year": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == date(2026, 3, 7)


def test_it_still_reads_one_iso_date_as_the_api_sends_it():
    form = WhenForm({"when": "2026-03-07"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == date(2026, 3, 7)


def test_a_missing_month_is_named_and_the_summary_links_to_the_month_box():
    form = WhenForm({"when-day": "7", "when-month": "", "when-year": "2026"})
    assert not form.is_valid()
    assert form.errors["when"] == ["The date must include a month"]
    html = render(form)
    assert '<a href="#id_when-month">The date must include a month</a>' in html
    assert re.search(r'govuk-input--error" id="id_when-month"', html)
    assert not re.search(r'govuk-input--error" id="id_when-day"', html)
    # What was typed stays in the boxes.
    assert re.search(r'id="id_when-day"[^>]*value="7"', html)


def test_a_date_that_does_not_exist_marks_every_box():
    form = WhenForm({"when-day": "31", "when-month": "2", "when-year": "2026"})
    assert not form.is_valid()
    assert form.errors["when"] == ["Enter a real date, for example 27 3 2026"]
    html = render(form)
    assert '<a href="#id_when-day">' in html
    assert len(re.findall(r"govuk-input--error", html)) == 3


def test_a_two_digit_year_is_refused_in_words():
    form = WhenForm({"when-day": "7", "when-month": "3", "when-year": "26"})
    assert not form.is_valid()
    assert form.errors["when"] == ["The year must include 4 numbers"]


def test_empty_boxes_are_the_required_message():
    form = WhenForm({"when-day": "", "when-month": "", "when-year": ""})
    assert form.errors["when"] == ["Enter the date of the visit"]


def _form_classes():
    for module_info in pkgutil.walk_packages(nas.__path__, "nas."):
        if not module_info.name.endswith(("forms", "plan_forms")) or ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


@pytest.mark.parametrize("form_class", list(_form_classes()), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_date_a_form_asks_for_is_the_govuk_date_input(form_class):
    dates = {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField)
    }
    wrong = [name for name, field in dates.items() if not isinstance(field.widget, DateInput)]
    assert wrong == []
