"""The journey's rules (nas.children.rules) hold for every writer: each rule
in the registry refuses the same bad journey recorded on the page, through
the API, and imported from a file (the bulk service)."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from nas.children import rules
from nas.children.imports import CHILDREN_COLUMNS, SSDA903_TABLES, import_children
from nas.children.journey import MilestoneKind
from nas.children.models import Child
from nas.organisations.models import Organisation

pytestmark = pytest.mark.django_db

BORN = date(2019, 5, 1)
ENTERED = date(2020, 1, 10)


def _future() -> date:
    return timezone.localdate() + timedelta(days=30)


#: For each rule, the bad step after entering care: the milestone and its date.
BAD_PLAN = {
    "not_in_future": _future,
    "not_before_birth": lambda: date(2019, 1, 1),
    "journey_order": lambda: date(2019, 12, 1),
}


def test_every_rule_in_the_registry_has_a_bad_journey_here():
    assert {*BAD_PLAN, "adoption_order_10_weeks", "one_decision_at_a_time"} == set(rules.BY_CODE)


def test_every_rule_names_its_source():
    for rule in rules.REGISTRY:
        assert "Source:" in (type(rule).__doc__ or ""), rule.code


def test_the_adoption_order_rule_cites_the_act():
    assert "Adoption and Children Act 2002, section 42(2)(a)" in (
        rules.AdoptionOrderAfterTenWeeks.__doc__ or ""
    )


def _children_csv(permanence_plan: date) -> list[tuple[str, bytes]]:
    row = {
        "case_reference": "R1",
        "first_names": "Rhys",
        "last_name": "Test",
        "date_of_birth": BORN.strftime("%d/%m/%Y"),
        "sex": "1",
        "ethnicity": "WBRI",
        "entered_care": ENTERED.strftime("%d/%m/%Y"),
        "permanence_plan": permanence_plan.strftime("%d/%m/%Y"),
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CHILDREN_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerow(row)
    return [("children.csv", out.getvalue().encode())]


def _table(name: str, rows: list[list[str]]) -> tuple[str, bytes]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SSDA903_TABLES[name])
    writer.writerows(rows)
    return f"{name.lower()}.csv", out.getvalue().encode()


def _adopted_a_week_after_placement() -> list[tuple[str, bytes]]:
    return [
        _table("Header", [["A1", "1", "01/02/2020", "WBRI", "", "", ""]]),
        _table(
            "Episodes",
            [
                ["A1", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "01/07/2022", "X1", "", "", "", ""],
                ["A1", "01/07/2022", "L", "E1", "N1", "U1", "PR1", "01/09/2022", "X1", "", "", "", ""],
                ["A1", "01/09/2022", "P", "E1", "N1", "A4", "PR1", "08/09/2022", "E11", "", "", "", ""],
            ],
        ),
        _table("PlacedAdoption", [["A1", "01/02/2020", "01/06/2022", "", ""]]),
        _table("AD1", [["A1", "01/02/2020", "01/06/2022", "20/08/2022", "0", "2", "MF", "L0"]]),
    ]


def _two_decisions_standing() -> list[tuple[str, bytes]]:
    return [
        _table("Header", [["A1", "1", "01/02/2020", "WBRI", "", "", ""]]),
        _table("Episodes", [["A1", "10/03/2021", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "", ""]]),
        _table(
            "PlacedAdoption",
            [["A1", "01/02/2020", "01/06/2022", "", ""], ["A1", "01/02/2020", "01/09/2022", "", ""]],
        ),
    ]


def test_the_one_decision_rule_cites_the_dfe_rule_and_the_regulations():
    doc = rules.OneDecisionAtATime.__doc__ or ""
    assert "rule 579" in doc and "Adoption Agencies (Wales) Regulations 2005, reg. 19" in doc


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("rule", rules.REGISTRY, ids=lambda rule: rule.code)
def test_each_rule_refuses_the_same_bad_journey_on_the_page_the_api_and_the_import(
    rule, client_for, make_child, advance, personas
):
    client = client_for("sw.cardiff")
    cardiff = Organisation.objects.get(code="cardiff").pk
    if rule.code == "one_decision_at_a_time":
        # On the page and the API the stage refuses a second decision while the first stands;
        # the import, which has no stages to go by, refuses it by the rule.
        client = client_for("adm.cardiff")
        child = advance(make_child(born=BORN, entered=ENTERED), MilestoneKind.SHOULD_BE_PLACED)
        decided = child.milestones.get(kind=MilestoneKind.SHOULD_BE_PLACED).date
        page = client.post(
            f"/children/{child.pk}/milestones/should_be_placed/new/",
            {"date": (decided + timedelta(days=1)).strftime("%d/%m/%Y"), "version": child.version},
        )
        assert page.status_code == 200 and "cannot be recorded at this stage" in html.unescape(
            page.content.decode()
        )
        response = _post(
            client,
            f"/api/v1/children/{child.pk}/milestones",
            {"kind": "should_be_placed", "date": str(decided + timedelta(days=1)), "version": child.version},
        )
        assert response.status_code == 422 and "cannot be recorded at this stage" in response.content.decode()
        assert child.milestones.filter(kind=MilestoneKind.SHOULD_BE_PLACED).count() == 1
        result = import_children(
            actor=personas["tm.cardiff"], local_authority_id=cardiff, files=_two_decisions_standing()
        )
        assert ("placedadoption.csv", 3, "DATE_PLACED", rule.code) in {
            (e.file, e.row, e.column, e.code) for e in result.errors
        }
        assert not Child.objects.filter(case_reference="A1").exists()
        return
    if rule.code == "adoption_order_10_weeks":
        child = advance(make_child(born=date(2020, 2, 1), entered=date(2021, 3, 10)), MilestoneKind.PLACED)
        placed = child.milestones.get(kind=MilestoneKind.PLACED).date
        body = {"kind": MilestoneKind.ADOPTION_ORDER, "date": str(placed + timedelta(weeks=1))}
        files = _adopted_a_week_after_placement()
        wrong_cell = ("episodes.csv", 4, "DEC")
    else:
        child = make_child(born=BORN, entered=ENTERED)
        body = {"kind": MilestoneKind.PERMANENCE_PLAN, "date": str(BAD_PLAN[rule.code]())}
        files = _children_csv(BAD_PLAN[rule.code]())
        wrong_cell = ("children.csv", 2, "permanence_plan")
    before = child.milestones.count()
    expected = [
        v.message
        for v in rules.violations(
            child.date_of_birth, [*child.milestones.all(), _Step(body)], timezone.localdate()
        )
        if v.rule is rule
    ]
    page = client.post(
        f"/children/{child.pk}/milestones/{body['kind']}/new/",
        {
            "date": date.fromisoformat(body["date"]).strftime("%d/%m/%Y"),
            "version": child.version,
            "confirmed": "yes",  # the adoption order is confirmed first
        },
    )
    assert page.status_code == 200 and expected[0] in html.unescape(page.content.decode())
    response = _post(client, f"/api/v1/children/{child.pk}/milestones", {**body, "version": child.version})
    assert response.status_code == 422, response.content
    assert response.json()["errors"]["date"] == expected[:1]
    assert child.milestones.count() == before

    result = import_children(actor=personas["tm.cardiff"], local_authority_id=cardiff, files=files)
    assert not result.ok
    assert (*wrong_cell, rule.code) in {(e.file, e.row, e.column, e.code) for e in result.errors}
    assert not Child.objects.filter(case_reference__in=["R1", "A1"]).exists()


class _Step:
    def __init__(self, body: dict) -> None:
        self.kind, self.date = body["kind"], date.fromisoformat(body["date"])
