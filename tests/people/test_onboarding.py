"""Onboarding (issue 14 part 4): every path into Townsquare ends with a person who can sign in. A real SMTP server
(aiosmtpd) receives the welcome, the invitation and the password reset; the tests follow the emailed links."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from townsquare.core.models import OutboxItem
from townsquare.people import onboarding
from townsquare.people.models import OnboardingEmail, Person, Welcome
from townsquare.people.services import import_people

pytestmark = pytest.mark.django_db

SITE = "https://town.example.test"
NEW_PASSWORD = "a-long-fresh-password-77"
CSV = "email,name,title\nnora@example.test,Nora Newcomer,Analyst\nivan@example.test,Ivan Imported,\n"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def link_in(text: str) -> str:
    """The first link to this site in an email's text, as a path the test client can open."""
    match = re.search(re.escape(SITE) + r"(/\S+)", text)
    assert match, text
    return match.group(1)


def choose_password(client: Client, path: str, password: str = NEW_PASSWORD):
    page = client.get(path, follow=True)
    assert page.status_code == 200 and b"Welcome to Townsquare" in page.content, page.content[:400]
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_an_imported_person_is_welcomed_once_chooses_a_password_and_signs_in(world, smtp_server, worker):
    report = import_people(CSV)
    assert report.ok and report.created == 2
    worker()
    worker()  # a second drain (a retry) sends nothing more
    received = smtp_server.to("nora@example.test")
    assert len(received) == 1
    mail = received[0]
    assert mail.subject == "Welcome to Townsquare"
    assert "Hello Nora Newcomer" in mail.body and "Choose a password" in mail.body
    html = mail.message.get_body(preferencelist=("html",)).get_content()
    path = link_in(mail.body)
    assert f"{SITE}{path}" in html
    assert Welcome.objects.get(person__email="nora@example.test").sent_at is not None

    client = Client()
    saved = choose_password(client, path)
    assert saved.status_code == 302 and saved.url == reverse("profile_edit")
    assert client.get(reverse("home")).status_code == 200  # signed in by choosing it
    nora = Person.objects.get(email="nora@example.test")
    assert nora.has_usable_password() and nora.last_login is not None
    again = Client()
    assert again.post(reverse("login"), {"username": "nora@example.test", "password": NEW_PASSWORD}).status_code == 302
    # the link worked once
    used = Client().get(path, follow=True)
    assert used.status_code == 410 and b"This link no longer works" in used.content

    onboarding.welcome_send(nora)  # idempotent: no second welcome
    worker()
    assert len(smtp_server.to("nora@example.test")) == 1


def test_no_welcome_when_asked(world, smtp_server, worker):
    assert import_people(CSV, welcome=False).created == 2
    worker()
    assert smtp_server.messages == [] and not Welcome.objects.exists()


def test_a_resend_ends_the_earlier_link(world, smtp_server, worker):
    import_people(CSV)
    worker()
    ivan = Person.objects.get(email="ivan@example.test")
    first = link_in(smtp_server.to("ivan@example.test")[0].body)
    onboarding.welcome_send(ivan, resend=True)
    worker()
    mails = smtp_server.to("ivan@example.test")
    assert len(mails) == 2
    second = link_in(mails[1].body)
    assert first != second
    old = Client().get(first, follow=True)
    assert old.status_code == 410 and b"replaced by a newer email" in old.content
    assert choose_password(Client(), second).status_code == 302


def test_a_welcome_waits_for_a_mail_server_that_is_down_and_is_sent_once_it_is_back(world, settings, smtp_server,
                                                                                   worker):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = 9, 2  # nothing listens there
    import_people(CSV)
    worker()
    assert smtp_server.messages == []
    assert OutboxItem.objects.filter(handler="people.welcome_email", done_at__isnull=True).count() == 2
    assert not OnboardingEmail.objects.filter(sent_at__isnull=False).exists()
    settings.EMAIL_PORT = port
    OutboxItem.objects.update(due_at=OutboxItem.objects.first().created_at)  # the retry is due now
    worker()
    assert len(smtp_server.to("nora@example.test")) == 1 and len(smtp_server.to("ivan@example.test")) == 1


def test_with_sso_only_the_welcome_links_to_sign_in_and_asks_for_no_password(world, settings, smtp_server, worker):
    settings.OIDC_ENABLED, settings.SSO_ONLY = True, True
    import_people(CSV)
    worker()
    mail = smtp_server.to("nora@example.test")[0]
    assert "work account" in mail.subject and "Choose a password" not in mail.body
    assert link_in(mail.body) == reverse("login")
    assert Welcome.objects.get(person__email="nora@example.test").sso


def test_an_invitation_is_emailed_and_accepted_through_the_emailed_link(world, smtp_server, worker):
    admin = Client()
    admin.force_login(world.olga)
    page = admin.post(reverse("invitations"), {"email": "newt@example.test"})
    assert page.status_code == 200 and b"We emailed an invitation" in page.content
    worker()
    worker()  # a retry sends nothing more
    mails = smtp_server.to("newt@example.test")
    assert len(mails) == 1
    path = link_in(mails[0].body)
    guest = Client()
    done = guest.post(path, {"name": "Newt Newcomer", "password": NEW_PASSWORD})
    assert done.status_code == 302
    assert Person.objects.get(email="newt@example.test").name == "Newt Newcomer"


def admin_client(world) -> Client:
    c = Client()
    c.force_login(world.olga)
    return c


def test_sending_an_invitation_again_ends_the_earlier_link_and_emails_once(world, smtp_server, worker):
    from townsquare.core.models import AuditEntry
    from townsquare.people.models import Invitation

    admin = admin_client(world)
    admin.post(reverse("invitations"), {"email": "rita@example.test"})
    worker()
    first = link_in(smtp_server.to("rita@example.test")[0].body)
    invitation = Invitation.objects.get(email="rita@example.test")
    response = admin.post(reverse("invitation_resend", args=[invitation.pk]), {"next": "/invitations/"})
    assert response.status_code == 302 and response.url == "/invitations/"
    worker()
    worker()
    mails = smtp_server.to("rita@example.test")
    assert len(mails) == 2
    second = link_in(mails[1].body)
    assert second != first
    assert Client().get(first).status_code == 404  # the old token is gone
    assert Client().get(second).status_code == 200
    invitation.refresh_from_db()
    assert invitation.round == 2 and invitation.sent_at is not None
    assert list(AuditEntry.objects.filter(action__startswith="invitation.").values_list("action", flat=True)
                .order_by("id")) == ["invitation.create", "invitation.resend"]
    page = admin.get(reverse("invitations")).content.decode()
    assert "Waiting" in page and "last emailed" in page


def test_a_withdrawn_invitation_stops_working_and_cannot_be_sent_again(world, smtp_server, worker):
    from townsquare.people.models import Invitation

    admin = admin_client(world)
    admin.post(reverse("invitations"), {"email": "wes@example.test"})
    invitation = Invitation.objects.get(email="wes@example.test")
    admin.post(reverse("invitation_revoke", args=[invitation.pk]))
    worker()  # the email recorded before the withdrawal is not sent: its link would not work
    assert smtp_server.to("wes@example.test") == []
    assert Client().get(invitation.get_absolute_url()).status_code == 410
    again = admin.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
    assert "cannot be sent again" in again.content.decode()
    invitation.refresh_from_db()
    assert invitation.round == 1 and invitation.state == Invitation.State.REVOKED
    assert "Withdrawn" in admin.get(reverse("invitations")).content.decode()


def test_an_expired_invitation_is_gone_and_can_be_sent_again(world, smtp_server, worker):
    from datetime import timedelta

    from django.utils import timezone

    from townsquare.people.models import Invitation

    admin = admin_client(world)
    admin.post(reverse("invitations"), {"email": "old@example.test"})
    invitation = Invitation.objects.get(email="old@example.test")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = Client().get(invitation.get_absolute_url())
    assert page.status_code == 410 and "expired" in page.content.decode().lower()
    assert "Expired" in admin.get(reverse("people_onboarding")).content.decode()
    admin.post(reverse("invitation_resend", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.PENDING
    assert Client().get(invitation.get_absolute_url()).status_code == 200


def test_the_onboarding_page_lists_who_has_not_signed_in_and_resends_a_welcome(world, smtp_server, worker):
    import_people(CSV)
    worker()
    admin = admin_client(world)
    Person.objects.filter(email="ivan@example.test").update(last_login="2026-01-01T00:00:00Z")
    page = admin.get(reverse("people_onboarding")).content.decode()
    assert "Nora Newcomer" in page and "CSV import" in page and "welcome emailed" in page
    assert "Ivan Imported" not in page  # signed in
    assert "Dave" not in page  # deactivated people are not waiting to join
    nora = Person.objects.get(email="nora@example.test")
    response = admin.post(reverse("welcome_resend", args=[nora.handle]))
    assert response.status_code == 302
    worker()
    assert len(smtp_server.to("nora@example.test")) == 2
    assert Welcome.objects.get(person=nora).round == 2
    # someone who already has an account and never signed in is pointed here, not to a dead end
    invite = admin.post(reverse("invitations"), {"email": "nora@example.test"})
    assert invite.status_code == 400 and "has not signed in yet" in invite.content.decode()


@pytest.mark.parametrize("who", ["alice", "gina", "otto"])
def test_only_org_admins_see_onboarding_and_resend(world, who):
    from townsquare.people.models import Invitation

    invitation = Invitation.objects.create(email="x@example.test", invited_by=world.olga)
    c = Client()
    c.force_login(world.people[who])
    assert c.get(reverse("people_onboarding")).status_code == 404
    assert c.post(reverse("invitation_resend", args=[invitation.pk])).status_code == 404
    assert c.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.round == 1 and invitation.revoked_at is None
