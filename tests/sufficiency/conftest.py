import pytest

from tests.sufficiency import dataset


@pytest.fixture
def known(reference_data):
    return dataset.build()


@pytest.fixture
def governance(personas):
    """The governance personas (nas.accounts.personas.GOVERNANCE_PERSONAS), signed in by name."""
    from django.test import Client

    from nas.accounts.personas import DEMO_PASSWORD, GOVERNANCE_PERSONAS
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation

    users = {
        p.username: staff_create(
            actor=None,
            username=p.username,
            password=DEMO_PASSWORD,
            organisation_id=Organisation.objects.get(code=p.organisation).pk,
            roles=list(p.roles),
            first_name=p.first_name,
            last_name=p.last_name,
        )
        for p in GOVERNANCE_PERSONAS
    }

    def client(username: str) -> Client:
        made = Client()
        made.force_login(users[username])
        return made

    return client
