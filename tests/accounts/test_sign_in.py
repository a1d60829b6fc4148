"""Sign-in: password, then a TOTP code or a recovery code; lockout after ten
failures; the demonstration mode; no self-registration."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nas.accounts import services
from nas.accounts.models import AuthenticatorDevice, User
from nas.accounts.personas import DEMO_PASSWORD
from nas.audit.models import AuditEvent
from tests.operations.test_cache import _cache, _redis_available

pytestmark = pytest.mark.django_db


def _enrol(user: User) -> pyotp.TOTP:
    link, _token = services.set_up_link_issue(actor=None, user=user)
    device = services.authenticator_start_enrolment(user=user)
    totp = pyotp.TOTP(device.secret)
    # Confirm with the previous step's code so the test's next code (this step) is still unused.
    assert services.authenticator_confirm(user=user, code=totp.at(time.time() - 30), link=link) is not None
    return totp


def _password(client: Client, username: str, password: str = DEMO_PASSWORD):
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password})


def test_it_asks_for_a_security_code_after_the_password(personas):
    _enrol(personas["sw.cardiff"])
    client = Client()
    response = _password(client, "sw.cardiff")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in-code")
    assert "_auth_user_id" not in client.session


def test_a_right_totp_code_signs_in(personas):
    totp = _enrol(personas["sw.cardiff"])
    client = Client()
    _password(client, "sw.cardiff")
    response = client.post(reverse("accounts:sign-in-code"), {"code": totp.now()})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action="sign_in", record_id=str(personas["sw.cardiff"].pk)).exists()


def test_a_totp_code_cannot_be_used_twice(personas):
    totp = _enrol(personas["sw.cardiff"])
    code = totp.now()
    first = Client()
    _password(first, "sw.cardiff")
    assert first.post(reverse("accounts:sign-in-code"), {"code": code}).status_code == 302
    second = Client()
    _password(second, "sw.cardiff")
    response = second.post(reverse("accounts:sign-in-code"), {"code": code})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()


def test_a_recovery_code_signs_in_once(personas):
    user = personas["sw.cardiff"]
    _enrol(user)
    codes = services.recovery_codes_issue(user=user)
    client = Client()
    _password(client, "sw.cardiff")
    assert client.post(reverse("accounts:sign-in-code"), {"code": codes[0].upper()}).status_code == 302
    again = Client()
    _password(again, "sw.cardiff")
    assert again.post(reverse("accounts:sign-in-code"), {"code": codes[0]}).status_code == 200
    assert services.recovery_codes_remaining(user) == 9


def _set_up_link(personas, username: str) -> str:
    """The path of a set-up link the national administrator issued."""
    _link, token = services.set_up_link_issue(actor=personas["admin.national"], user=personas[username])
    return reverse("accounts:set-up-link", args=[token])


def _secret(page: str) -> str:
    return re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def test_a_password_alone_never_sets_up_an_authenticator(personas):
    client = Client()
    response = _password(client, "tm.cardiff")
    assert response.status_code == 200
    assert "Ask your organisation&#x27;s administrator for a set-up link" in response.content.decode()
    assert client.get(reverse("accounts:sign-in-set-up"))["Location"] == reverse("accounts:sign-in")
    assert not AuthenticatorDevice.objects.filter(user=personas["tm.cardiff"]).exists()


def test_a_set_up_link_and_the_password_set_up_the_authenticator_and_show_recovery_codes(personas):
    client = Client()
    assert client.get(_set_up_link(personas, "tm.cardiff"))["Location"] == reverse("accounts:sign-in")
    response = _password(client, "tm.cardiff")
    assert response["Location"] == reverse("accounts:sign-in-set-up")
    secret = _secret(client.get(reverse("accounts:sign-in-set-up")).content.decode())
    response = client.post(reverse("accounts:sign-in-set-up"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:recovery-codes")
    codes_page = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert codes_page.count("<li>") >= 10
    # Shown once only.
    assert client.get(reverse("accounts:recovery-codes")).status_code == 302
    assert AuthenticatorDevice.objects.get(user=personas["tm.cardiff"]).confirmed_at is not None
    assert AuditEvent.objects.filter(action="set_up_link_issued", actor__username="admin.national").exists()


def test_a_set_up_link_works_once(personas):
    path = _set_up_link(personas, "tm.cardiff")
    client = Client()
    client.get(path)
    _password(client, "tm.cardiff")
    secret = _secret(client.get(reverse("accounts:sign-in-set-up")).content.decode())
    client.post(reverse("accounts:sign-in-set-up"), {"code": pyotp.TOTP(secret).now()})
    response = Client().get(path)
    assert response.status_code == 404 and "This set-up link no longer works" in response.content.decode()


def test_a_set_up_link_expires(personas, settings):
    assert settings.AUTHENTICATOR_SET_UP_LINK_HOURS == 24
    from nas.accounts.models import SetUpLink

    path = _set_up_link(personas, "tm.cardiff")
    SetUpLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(path).status_code == 404


def test_a_set_up_link_expiring_during_set_up_sets_nothing_up(personas):
    from nas.accounts.models import SetUpLink

    client = Client()
    client.get(_set_up_link(personas, "tm.cardiff"))
    _password(client, "tm.cardiff")
    secret = _secret(client.get(reverse("accounts:sign-in-set-up")).content.decode())
    SetUpLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(reverse("accounts:sign-in-set-up"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:sign-in")
    assert AuthenticatorDevice.objects.get(user=personas["tm.cardiff"]).confirmed_at is None


def test_a_new_set_up_link_ends_the_earlier_one(personas):
    first = _set_up_link(personas, "tm.cardiff")
    second = _set_up_link(personas, "tm.cardiff")
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 302


def test_someone_elses_set_up_link_does_not_set_up_this_account(personas):
    client = Client()
    client.get(_set_up_link(personas, "tm.cardiff"))
    response = _password(client, "adm.cardiff")
    assert "Ask your organisation&#x27;s administrator for a set-up link" in response.content.decode()


def test_the_set_up_code_must_be_six_digits(personas):
    client = Client()
    client.get(_set_up_link(personas, "tm.cardiff"))
    _password(client, "tm.cardiff")
    response = client.post(reverse("accounts:sign-in-set-up"), {"code": "12ab"})
    assert "The security code must be 6 digits" in response.content.decode()


def test_an_administrator_creates_a_set_up_link_and_sees_it_once(personas, client_for):
    admin = client_for("admin.national")
    page = admin.get(reverse("accounts:staff-detail", args=[personas["tm.cardiff"].pk])).content.decode()
    assert "Create a set-up link" in page
    response = admin.post(reverse("accounts:staff-set-up-link", args=[personas["tm.cardiff"].pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    url = re.search(r'data-testid="set-up-link">([^<]+)<', response.content.decode()).group(1)
    assert url.startswith("http://testserver/sign-in/set-up/")
    assert Client().get(url.removeprefix("http://testserver")).status_code == 302


def test_no_set_up_link_for_an_account_that_has_an_authenticator(personas, client_for):
    _enrol(personas["tm.cardiff"])
    response = client_for("admin.national").post(
        reverse("accounts:staff-set-up-link", args=[personas["tm.cardiff"].pk]), follow=True
    )
    assert "already has an authenticator app" in response.content.decode()


def test_ten_wrong_passwords_lock_the_account(personas, settings):
    assert settings.SIGN_IN_MAX_FAILURES == 10
    client = Client()
    for _ in range(9):
        response = _password(client, "sw.cardiff", "wrong password")
        assert "The username or password is not right" in response.content.decode()
    response = _password(client, "sw.cardiff", "wrong password")
    assert "too many unsuccessful attempts to sign in with this username" in response.content.decode()
    user = User.objects.get(username="sw.cardiff")
    assert user.is_locked and user.failed_sign_ins == 10
    # Even the right password no longer works.
    response = _password(client, "sw.cardiff")
    assert "too many unsuccessful attempts to sign in with this username" in response.content.decode()
    assert AuditEvent.objects.filter(action="account_locked", record_id=str(user.pk)).count() == 1


def test_wrong_security_codes_count_towards_the_lockout(personas):
    user = personas["sw.cardiff"]
    _enrol(user)
    User.objects.filter(pk=user.pk).update(failed_sign_ins=9)
    client = Client()
    _password(client, "sw.cardiff")
    response = client.post(reverse("accounts:sign-in-code"), {"code": "000000"}, follow=True)
    assert "too many unsuccessful attempts" in response.content.decode()
    assert User.objects.get(pk=user.pk).is_locked


def test_a_successful_sign_in_resets_the_failure_count(personas, settings):
    settings.DEMO_MODE = True
    client = Client()
    _password(client, "sw.cardiff", "wrong password")
    _password(client, "sw.cardiff")
    assert User.objects.get(username="sw.cardiff").failed_sign_ins == 0


def test_an_administrator_unlocks_a_locked_account(personas, client_for):
    user = personas["sw.cardiff"]
    User.objects.filter(pk=user.pk).update(failed_sign_ins=10, locked_at="2026-11-01T10:00Z")
    response = client_for("admin.national").post(reverse("accounts:staff-unlock", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_locked and user.failed_sign_ins == 0
    assert AuditEvent.objects.filter(action="account_unlocked", record_id=str(user.pk)).exists()


def test_a_locked_account_is_on_the_administrators_worklist(personas, client_for):
    User.objects.filter(username="sw.cardiff").update(locked_at=timezone.now())
    page = client_for("admin.national").get(reverse("core:home")).content.decode()
    assert "Locked accounts to review" in page
    assert "Ceri Morgan" in page


def test_demonstration_mode_signs_in_with_a_password_alone(personas, settings):
    settings.DEMO_MODE = True
    client = Client()
    response = _password(client, "sw.cardiff")
    assert response["Location"] == reverse("core:home")
    page = client.get(reverse("core:home")).content.decode()
    assert "This is a demonstration" in page


def test_without_demonstration_mode_there_is_no_banner(personas, client_for):
    assert (
        "This is a demonstration" not in client_for("sw.cardiff").get(reverse("core:home")).content.decode()
    )


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(db):
    response = _password(Client(), "nobody", "whatever")
    assert "The username or password is not right" in response.content.decode()


def test_an_empty_form_says_what_is_missing(db):
    response = Client().post(reverse("accounts:sign-in"), {"username": "", "password": ""})
    page = response.content.decode()
    assert "Enter your username" in page and "Enter your password" in page
    assert "govuk-error-summary" in page


def test_there_is_no_self_registration(db):
    from django.urls import NoReverseMatch

    for name in ("accounts:register", "accounts:sign-up"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
    assert Client().get("/register/").status_code in (302, 404)


def test_the_session_expires_after_30_minutes_of_inactivity(personas, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    settings.DEMO_MODE = True
    client = Client()
    _password(client, "sw.cardiff")
    assert client.get(reverse("core:home")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert (
        timezone.now() + timedelta(minutes=29) < session.expire_date <= timezone.now() + timedelta(minutes=30)
    )
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_using_the_service_renews_the_session_at_most_once_a_minute(personas, settings):
    from django.contrib.sessions.models import Session

    settings.DEMO_MODE = True
    client = Client()
    _password(client, "sw.cardiff")
    client.get(reverse("core:home"))
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    client.get(reverse("core:home"))
    assert Session.objects.get(session_key=key).expire_date == first  # not written again within the minute
    settings.SESSION_REFRESH_SECONDS = 0
    client.get(reverse("core:home"))
    assert Session.objects.get(session_key=key).expire_date > first


def test_pages_need_sign_in(db):
    response = Client().get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_sign_out_ends_the_session(client_for):
    client = client_for("sw.cardiff")
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("core:home")).status_code == 302


def test_a_reset_authenticator_is_set_up_again_only_through_a_new_link(personas, client_for):
    user = personas["sw.cardiff"]
    _enrol(user)
    client_for("admin.national").post(reverse("accounts:staff-reset-authenticator", args=[user.pk]))
    assert "Ask your organisation" in _password(Client(), "sw.cardiff").content.decode()
    client = Client()
    client.get(_set_up_link(personas, "sw.cardiff"))
    assert _password(client, "sw.cardiff")["Location"] == reverse("accounts:sign-in-set-up")


def _tenth_answer(username: str) -> tuple[str, str]:
    """The ninth and tenth answers to wrong passwords, from a fresh client each time."""
    answers = [_password(Client(), username, "a guess").content.decode() for _ in range(10)]
    return answers[8], answers[9]


def _message(page: str) -> str:
    return re.search(r'govuk-error-summary__list">\s*<li>(.*?)</li>', page, re.S).group(1).strip()


def test_an_unknown_username_and_an_account_get_the_same_answers_including_the_lock(personas):
    """No answer tells which usernames exist: a username that is not an
    account locks after ten failures too."""
    known = _tenth_answer("sw.cardiff")
    unknown = _tenth_answer("no.such.person")
    assert [_message(p) for p in known] == [_message(p) for p in unknown]
    assert "not right" in _message(known[0]) and "too many" in _message(known[1])
    # ...and afterwards, whatever the password.
    assert _message(_password(Client(), "sw.cardiff").content.decode()) == _message(
        _password(Client(), "no.such.person").content.decode()
    )


def test_a_lock_lifts_by_itself_after_the_cooling_off_period(personas, settings):
    assert settings.SIGN_IN_LOCKOUT_MINUTES == 15
    user = personas["sw.cardiff"]
    settings.DEMO_MODE = True
    User.objects.filter(pk=user.pk).update(
        failed_sign_ins=10, locked_at=timezone.now() - timedelta(minutes=14)
    )
    assert "too many" in _password(Client(), "sw.cardiff").content.decode()
    User.objects.filter(pk=user.pk).update(locked_at=timezone.now() - timedelta(minutes=16))
    assert _password(Client(), "sw.cardiff")["Location"] == reverse("core:home")
    user.refresh_from_db()
    assert user.failed_sign_ins == 0 and user.locked_at is None
    unlocked = AuditEvent.objects.filter(action="account_unlocked", record_id=str(user.pk)).get()
    assert unlocked.actor_id is None and unlocked.detail == {"after_minutes": 15}


def test_the_lock_still_tells_the_administrators(personas):
    from nas.notifications.models import Notification

    _tenth_answer("sw.cardiff")
    told = Notification.objects.filter(kind="account_locked").values_list("recipient__username", flat=True)
    assert "admin.national" in set(told)


def test_one_address_cannot_lock_out_account_after_account(personas, settings):
    """Throttled by address as well as by account: after
    SIGN_IN_ADDRESS_MAX_FAILURES failures from one address nothing more is
    tried from it, while another address still signs in."""
    settings.SIGN_IN_ADDRESS_MAX_FAILURES = 12
    settings.DEMO_MODE = True
    for username in ("sw.cardiff", "tm.cardiff", "adm.cardiff", "no.such.person"):
        for _ in range(3):
            _password(Client(REMOTE_ADDR="203.0.113.9"), username, "a guess")
    response = _password(Client(REMOTE_ADDR="203.0.113.9"), "sw.wrexham", "a guess")
    assert response.status_code == 429
    assert "too many unsuccessful attempts to sign in from your network" in response.content.decode()
    assert not User.objects.filter(failed_sign_ins__gt=3).exists()
    assert _password(Client(REMOTE_ADDR="203.0.113.10"), "sw.wrexham")["Location"] == reverse("core:home")


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_two_servers_sharing_redis_throttle_an_address_together(settings, monkeypatch):
    """With REDIS_URL each web server has its own connection to one cache:
    failures counted by one server throttle the address on the other."""
    from nas.accounts import throttle

    settings.SIGN_IN_ADDRESS_MAX_FAILURES = 2
    one = _cache("redis://127.0.0.1:6379/2")
    other = _cache("redis://127.0.0.1:6379/2")
    other.key_prefix = one.key_prefix
    monkeypatch.setattr(throttle, "cache", one)
    throttle.address_failed("198.51.100.7")
    throttle.address_failed("198.51.100.7")
    monkeypatch.setattr(throttle, "cache", other)
    assert throttle.address_blocked("198.51.100.7")
    assert not throttle.address_blocked("198.51.100.8")
    other.delete("nas:sign-in:address:198.51.100.7")


def test_demonstration_mode_still_asks_other_accounts_for_a_security_code(personas, settings):
    from nas.accounts.services import staff_create
    from nas.organisations.models import Organisation

    settings.DEMO_MODE = True
    staff_create(
        actor=None,
        username="real.person",
        password=DEMO_PASSWORD,
        organisation_id=Organisation.objects.get(code="cardiff").pk,
        roles=["social_worker"],
        first_name="Real",
        last_name="Person",
    )
    response = _password(Client(), "real.person")
    assert "Ask your organisation&#x27;s administrator for a set-up link" in response.content.decode()
