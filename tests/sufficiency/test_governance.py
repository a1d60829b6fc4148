"""Governance roles (issue 21; docs/design.md: each region's Directors of
Social Services on a Regional Collaborative Board, a Joint Committee, the
lead authority's Senior Responsible Officer): aggregate figures of their
region or authority, never a child's or an adopter's record."""

from __future__ import annotations

import pytest

from nas.accounts.personas import GOVERNANCE_PERSONAS
from nas.accounts.roles import GOVERNANCE_ROLES
from nas.organisations.models import Organisation
from nas.performance import services as performance_services


def test_every_governance_persona_holds_governance_roles_only():
    assert {role for p in GOVERNANCE_PERSONAS for role in p.roles} == GOVERNANCE_ROLES


@pytest.mark.parametrize("username", ["rcb.vvc", "sro.vvc", "jc.vvc"])
def test_a_regions_governance_reads_its_figures_and_nothing_elsewhere(known, governance, username):
    client = governance(username)
    assert client.get("/performance/figures/vale-valleys-cardiff/").status_code == 200
    assert client.get("/performance/figures/cardiff/").status_code == 200
    assert client.get("/performance/figures/north-wales/").status_code == 404
    assert client.get("/sufficiency/vale-valleys-cardiff/").status_code == 200
    assert client.get("/sufficiency/wales/").status_code == 404
    # Aggregates only: no cases behind a figure.
    assert client.get("/performance/figures/NAS-C4/2024-25-Q3/vale-valleys-cardiff/cases/").status_code == 404


def test_a_regions_governance_reads_its_returns_and_interventions(known, governance, personas):
    region = Organisation.objects.get(code="vale-valleys-cardiff")
    performance_services.return_draft(actor=None, region=region, quarter="2024-25-Q3")
    client = governance("rcb.vvc")
    assert client.get("/performance/returns/").status_code == 200
    assert client.get("/performance/interventions/").status_code == 200


def test_a_director_of_social_services_reads_the_authoritys_figures_only(known, governance):
    client = governance("dss.cardiff")
    assert client.get("/performance/figures/cardiff/").status_code == 200
    assert client.get("/performance/figures/vale-valleys-cardiff/").status_code == 404
    assert client.get("/sufficiency/cardiff/").status_code == 200
    assert client.get("/performance/returns/").status_code == 403


@pytest.mark.parametrize("username", ["rcb.vvc", "sro.vvc", "jc.vvc", "dss.cardiff"])
def test_governance_sees_no_childs_or_adopters_record(known, governance, username):
    client = governance(username)
    child = known["children"]["C5"]
    household = known["households"]["H2"]
    for url in ("/children/", f"/children/{child.pk}/", "/adopters/", f"/adopters/{household.pk}/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"SUF-C5" not in response.content
    assert b"SufficiencyC" not in client.get("/search/?q=Sufficiency").content
