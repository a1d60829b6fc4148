"""One way a service's refusal reaches the person, on a page and in the API."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from nas.core.errors import add_errors, api_errors


class DateForm(forms.Form):
    date = forms.DateField()


def test_a_field_error_goes_beside_its_field_and_an_unknown_field_to_the_top():
    form = DateForm({"date": "2026-01-01"})
    assert form.is_valid()
    error = ValidationError({"date": "The date is before birth.", "household": "Choose a household."})
    add_errors(form, error)
    assert form.errors["date"] == ["The date is before birth."]
    assert form.non_field_errors() == ["Choose a household."]


def test_a_plain_error_goes_to_the_top_of_the_form():
    form = DateForm({"date": "2026-01-01"})
    assert form.is_valid()
    add_errors(form, ValidationError(["The journey is closed.", "Ask a team manager."]))
    assert form.non_field_errors() == ["The journey is closed.", "Ask a team manager."]


def test_the_api_answers_422_by_field_for_a_forms_errors():
    form = DateForm({"date": "soon"})
    assert not form.is_valid()
    response = api_errors(form)
    assert response.status_code == 422
    assert list(response.value["errors"]) == ["date"]
    assert api_errors(ValidationError({"date": "Too early."})).value == {"errors": {"date": ["Too early."]}}
    assert api_errors(ValidationError("Closed.")).value == {"errors": {"__all__": ["Closed."]}}


def test_with_debug_on_a_missing_page_is_the_services_own_404_not_djangos_technical_page(
    client, settings, django_user_model, reference_data
):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "DEBUG = True" not in body
    assert "Content-Security-Policy" in response.headers
