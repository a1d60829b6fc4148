"""Weights and the inter-agency fee table: configuration, changed by the national team, audited."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nas.audit.models import AuditEvent
from nas.core.records import StaleRecordError
from nas.matching import services
from nas.matching.engine import DEFAULT_WEIGHTS
from nas.matching.models import InterAgencyFee, WeightSet
from nas.matching.selectors import fee_table

pytestmark = pytest.mark.django_db


def test_the_first_version_of_the_weights_is_the_engines(personas):
    assert services.active_weights() == (1, DEFAULT_WEIGHTS)


def test_changing_the_weights_makes_a_new_version_and_audits_old_and_new(personas):
    director = personas["director.national"]
    created = services.weight_set_change(
        actor=director,
        weights={**DEFAULT_WEIGHTS, "ethnicity": 12},
        reason="Board review",
        expected_version=1,
    )
    assert created.number == 2
    assert services.active_weights() == (2, {**DEFAULT_WEIGHTS, "ethnicity": 12})
    event = AuditEvent.objects.get(record_type="matching.weightset", record_id=str(created.pk))
    assert event.detail["changed"] == {"ethnicity": {"from": 8, "to": 12}}
    assert event.detail["weights"]["from"]["ethnicity"] == 8
    assert event.reason == "Board review"
    assert WeightSet.objects.count() == 2


def test_a_stale_weight_change_is_refused(personas):
    with pytest.raises(StaleRecordError):
        services.weight_set_change(
            actor=personas["analyst.national"], weights=DEFAULT_WEIGHTS, reason="x", expected_version=0
        )


def test_only_the_national_team_changes_weights(personas):
    with pytest.raises(ValidationError):
        services.weight_set_change(
            actor=personas["manager.vvc"], weights=DEFAULT_WEIGHTS, reason="x", expected_version=1
        )


def test_the_weights_page_changes_them_with_messages_for_bad_values(client_for):
    client = client_for("director.national")
    bad = client.post(
        "/family-finding/weights/change/", {"version": 1, "reason": "x", **DEFAULT_WEIGHTS, "age": 300}
    )
    assert bad.status_code == 200 and "Enter a whole number from 0 to 100" in bad.content.decode()
    good = client.post(
        "/family-finding/weights/change/",
        {"version": 1, "reason": "More weight on age", **DEFAULT_WEIGHTS, "age": 20},
    )
    assert good.status_code == 302
    assert services.active_weights()[1]["age"] == 20


def test_the_weights_api_returns_422_and_409(client_for):
    client = client_for("analyst.national")
    bad = client.post(
        "/api/v1/matching/weights",
        json.dumps({"version": 1, "reason": "r", "weights": {**DEFAULT_WEIGHTS, "age": -1}}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "age" in bad.json()["errors"]
    stale = client.post(
        "/api/v1/matching/weights",
        json.dumps({"version": 5, "reason": "r", "weights": DEFAULT_WEIGHTS}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    ok = client.post(
        "/api/v1/matching/weights",
        json.dumps({"version": 1, "reason": "r", "weights": DEFAULT_WEIGHTS}),
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["version"] == 2


def test_the_fee_table_holds_the_consortium_rate_from_april_2025():
    fee = fee_table().fee("region_to_agency", 1, date(2025, 4, 1))
    assert fee is not None and fee.amount == 39_245
    assert fee_table().fee("region_to_agency", 1, date(2025, 3, 31)) is None
    assert fee_table().fee("region_to_region", 1, date(2025, 4, 1)).amount == 27_000


def test_a_new_rate_ends_the_open_ended_one_before_it(personas):
    fee = services.fee_create(
        actor=personas["director.national"],
        kind="region_to_agency",
        children=1,
        amount=40_500,
        valid_from=date(2026, 4, 1),
        valid_to=None,
        source="CVAA 2026/27",
    )
    previous = InterAgencyFee.objects.get(kind="region_to_agency", children=1, amount=39_245)
    assert previous.valid_to == date(2026, 3, 31)
    assert fee_table().fee("region_to_agency", 1, date(2026, 4, 1)).amount == 40_500
    assert AuditEvent.objects.filter(record_type="matching.interagencyfee", record_id=str(fee.pk)).exists()


def test_an_overlapping_rate_is_refused_with_a_message(personas):
    with pytest.raises(ValidationError) as error:
        services.fee_create(
            actor=personas["director.national"],
            kind="region_to_agency",
            children=1,
            amount=30_000,
            valid_from=date(2019, 6, 1),
            valid_to=date(2019, 12, 31),
            source="x",
        )
    assert "overlaps" in str(error.value)


def test_the_fee_form_explains_what_is_wrong(client_for):
    response = client_for("director.national").post(
        "/family-finding/fees/new/",
        {
            "kind": "region_to_region",
            "children": "0",
            "amount": "abc",
            "valid_from": "31/02/2026",
            "source": "",
        },
    )
    body = response.content.decode()
    assert "Enter a number of children from 1 to 10" in body
    assert "Enter the fee in whole pounds, from £1 to £1,000,000" in body
    assert "Enter a real date, for example 27 3 2026" in body
