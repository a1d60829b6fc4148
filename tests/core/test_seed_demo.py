import io

import pytest
from django.core.management import call_command

from nas.accounts.models import User
from nas.accounts.personas import GOVERNANCE_PERSONAS, PERSONAS
from nas.children.demo import CHILDREN
from nas.children.models import Child
from nas.returns.demo import CHILDREN as RETURN_CHILDREN

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_a_persona_per_role_and_tier_and_demo_children_once(reference_data):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert User.objects.count() == len(PERSONAS) + len(GOVERNANCE_PERSONAS)
    # And family finding's child placed through a link (nas.matching.demo).
    demo_children = len(CHILDREN) + len(RETURN_CHILDREN) + 1
    assert Child.objects.filter(local_authority__code="cardiff").count() == demo_children
    assert set(Child.objects.values_list("stage", flat=True)) >= {"in_care", "linked", "placed", "adopted"}
    assert "adoption-demo-password" in out.getvalue()
    assert "Sign in at http://127.0.0.1:8000/ " in out.getvalue()
    again = io.StringIO()
    call_command("seed_demo", "--address", "http://127.0.0.1:8055/", stdout=again)
    assert "Sign in at http://127.0.0.1:8055/ " in again.getvalue()
    assert (
        User.objects.count() == len(PERSONAS) + len(GOVERNANCE_PERSONAS)
        and Child.objects.count() == demo_children
    )


def test_seed_demo_refuses_production(settings, reference_data):
    from django.core.management import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="cannot run in production"):
        call_command("seed_demo", stdout=io.StringIO())
