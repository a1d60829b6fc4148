"""The sufficiency pages and API, in English and Welsh."""

from __future__ import annotations

import pytest

from tests.sufficiency.dataset import ON


@pytest.fixture
def on_the_known_day(monkeypatch):
    """The forecast starts from the quarter of 10 January 2025, as test_forecast.py works out."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: ON)


def test_the_national_tier_sees_every_area_side_by_side(known, client_for):
    response = client_for("director.national").get("/sufficiency/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vale, Valleys and Cardiff" in body and "Cardiff" in body and "Wrexham" in body
    assert "Sufficiency ratio" in body


def test_a_regional_manager_goes_to_their_own_region(known, client_for):
    response = client_for("manager.vvc").get("/sufficiency/")
    assert response.status_code == 302
    assert response["Location"] == "/sufficiency/vale-valleys-cardiff/"


def test_the_region_page_shows_its_pipelines_and_ratio(known, client_for):
    response = client_for("manager.vvc").get("/sufficiency/vale-valleys-cardiff/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="children-age_band"' in body
    assert 'data-testid="households-siblings"' in body
    assert "0.50" in body
    assert "SufficiencyC" not in body  # figures only, no child named


def test_the_page_is_in_welsh(known, client_for):
    client = client_for("manager.vvc")
    client.get("/language/cy/?next=/")
    body = client.get("/sufficiency/vale-valleys-cardiff/").content.decode()
    assert 'lang="cy"' in body and "Digonolrwydd" in body and "Children waiting for a family" not in body


def test_the_api_gives_the_pipeline(known, client_for):
    response = client_for("director.national").get("/api/v1/sufficiency/vale-valleys-cardiff/pipeline")
    assert response.status_code == 200
    data = response.json()
    assert data["children_waiting"] == 4
    assert data["households_waiting"] == 2
    assert data["sufficiency_ratio"] == 0.5
    assert data["children"]["stages"]["family_finding"] == 1
    assert data["households"]["by"]["age_band"]["2-4"] == {"approved": 1}


def test_another_regions_figures_do_not_exist_for_a_manager(known, client_for):
    client = client_for("manager.vvc")
    assert client.get("/sufficiency/north-wales/").status_code == 404
    assert client.get("/api/v1/sufficiency/north-wales/pipeline").status_code == 404


def test_the_page_shows_the_forecast_its_method_and_a_what_if(known, client_for, on_the_known_day):
    client = client_for("manager.vvc")
    body = client.get(
        "/sufficiency/vale-valleys-cardiff/?horizon=6&recruitment=20&stage_two_weeks=4"
    ).content.decode()
    assert 'data-testid="forecast-quarters"' in body
    assert 'data-testid="forecast-gaps"' in body
    assert "Gap without the what-if" in body
    assert "Method and assumptions" in body
    assert "Not enough history yet" in body  # ten quarters: no backtest yet


def test_the_api_gives_the_forecast_with_a_what_if(known, client_for, on_the_known_day):
    client = client_for("director.national")
    data = client.get("/api/v1/sufficiency/vale-valleys-cardiff/forecast?horizon=5&recruitment=50").json()
    assert len(data["quarters"]) == 5
    assert data["households_entering_a_quarter"] == 1.25 * 1.5
    assert {g["group"] for g in data["gaps"]} >= {"all", "siblings", "older", "welsh"}
    assert data["backtest"]["origins"] == 0


def test_the_api_refuses_a_horizon_out_of_range_clearly(known, client_for):
    response = client_for("director.national").get("/api/v1/sufficiency/wales/forecast?horizon=12")
    assert response.status_code == 422
