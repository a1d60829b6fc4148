"""The administration pages: for the national administrators only, and every
change to an account (roles included) is audited."""

from __future__ import annotations

import pytest

from nas.accounts.models import StaffRole
from nas.accounts.roles import Role
from nas.accounts.services import staff_create
from nas.audit.models import AuditEvent
from nas.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_an_administrator_outside_the_national_team_gets_404(personas, client):
    local_admin = staff_create(
        actor=None,
        username="admin.cardiff",
        password="a-long-password-for-tests",
        organisation_id=Organisation.objects.get(code="cardiff").pk,
        roles=[Role.ADMINISTRATOR],
        first_name="Local",
        last_name="Administrator",
    )
    client.force_login(local_admin)
    assert client.get("/admin/accounts/user/").status_code == 404


def test_a_role_given_in_the_administration_pages_is_audited(personas, client_for):
    target = personas["sw.wrexham"]
    client = client_for("admin.national")
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    role = StaffRole.objects.get(user=target)
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {
            "username": target.username,
            "organisation": target.organisation_id,
            "first_name": target.first_name,
            "last_name": target.last_name,
            "email": "",
            "roles-TOTAL_FORMS": "2",
            "roles-INITIAL_FORMS": "1",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-id": role.pk,
            "roles-0-user": target.pk,
            "roles-0-role": Role.SOCIAL_WORKER,
            "roles-1-user": target.pk,
            "roles-1-role": Role.TEAM_MANAGER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(record_type="accounts.user", record_id=str(target.pk)).latest("seq")
    assert event.detail["roles"] == {
        "from": [Role.SOCIAL_WORKER],
        "to": sorted([Role.SOCIAL_WORKER, Role.TEAM_MANAGER]),
    }


def test_a_new_account_is_pointed_to_its_set_up_link(personas, client_for):
    """A password alone never sets up an authenticator: the administrator who
    creates an account is sent to create its one-time set-up link."""
    response = client_for("admin.national").post(
        "/admin/accounts/user/add/",
        {
            "username": "new.person",
            "organisation": Organisation.objects.get(code="cardiff").pk,
            "first_name": "New",
            "last_name": "Person",
            "email": "",
            "password1": "a-long-password-for-tests",
            "password2": "a-long-password-for-tests",
            "usable_password": "true",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-role": Role.SOCIAL_WORKER,
        },
        follow=True,
    )
    page = response.content.decode()
    from nas.accounts.models import User

    user = User.objects.get(username="new.person")
    assert f'href="/staff/{user.pk}/"' in page and "one-time link" in page
