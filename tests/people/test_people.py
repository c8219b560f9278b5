"""People: sign in and out, deactivation, invitations, password reset, profiles, directory, org chart."""

import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from townsquare.conversations import services as conversation_services
from townsquare.people.models import Department, Invitation, Person


def png_bytes(padding: int = 0) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"tEXt", b"pad\x00" + b"x" * padding)
            + chunk(b"IEND", b""))


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


def is_signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


# --- sign in / out -------------------------------------------------------------------------

def test_sign_in_with_email_and_password(world, client):
    response = sign_in(client, "alice@example.test")
    assert response.status_code == 302 and response.url == reverse("home")
    assert is_signed_in(client)


def test_sign_in_follows_next(world, client):
    response = client.post(reverse("login"), {"username": "alice@example.test", "password": PASSWORD,
                                              "next": "/groups/"})
    assert response.status_code == 302 and response.url == "/groups/"


def test_sign_in_refuses_an_external_next(world, client):
    response = client.post(reverse("login"), {"username": "alice@example.test", "password": PASSWORD,
                                              "next": "https://evil.test/"})
    assert response.status_code == 302 and response.url == reverse("home")


@pytest.mark.parametrize("email,password", [
    ("alice@example.test", "wrong-password-123"), ("nobody@example.test", PASSWORD), ("", ""),
])
def test_wrong_credentials_show_an_error(world, client, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    assert not is_signed_in(client)


def test_sign_out(world, client):
    sign_in(client, "alice@example.test")
    assert client.get(reverse("logout")).status_code == 405  # signing out is a POST
    assert is_signed_in(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert not is_signed_in(client)


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("directory"))
    assert response.status_code == 302 and response.url.startswith(reverse("login") + "?next=")


# --- deactivation ---------------------------------------------------------------------------

def test_deactivated_person_cannot_sign_in(world, client):
    response = sign_in(client, "dave@example.test")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    assert not is_signed_in(client)


def test_deactivation_ends_an_existing_session_and_keeps_the_posts(world, client_for):
    post = conversation_services.post_create(author=world.alice, body="My lasting contribution")
    alice = Client()
    sign_in(alice, "alice@example.test")
    assert is_signed_in(alice)

    response = client_for(world.olga).post(reverse("person_set_active", args=["alice"]), {"active": "0"})
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert not world.alice.is_active and world.alice.deactivated_at is not None

    assert not is_signed_in(alice)
    assert alice.get(post.get_absolute_url()).status_code == 302
    assert sign_in(Client(), "alice@example.test").status_code == 200  # refused

    otto = client_for(world.otto)
    assert "My lasting contribution" in otto.get(post.get_absolute_url()).content.decode()
    profile = otto.get(reverse("profile", args=["alice"])).content.decode()
    assert "Deactivated" in profile and "My lasting contribution" in profile

    # and back
    client_for(world.olga).post(reverse("person_set_active", args=["alice"]), {"active": "1"})
    assert sign_in(Client(), "alice@example.test").status_code == 302


def test_only_org_admins_deactivate_and_not_themselves(world, client_for):
    assert client_for(world.gina).post(reverse("person_set_active", args=["alice"]), {"active": "0"}).status_code == 404
    world.alice.refresh_from_db()
    assert world.alice.is_active
    response = client_for(world.olga).post(reverse("person_set_active", args=["olga"]), {"active": "0"}, follow=True)
    assert "cannot deactivate yourself" in response.content.decode()
    world.olga.refresh_from_db()
    assert world.olga.is_active


# --- invitations ----------------------------------------------------------------------------

def invite(client, email):
    response = client.post(reverse("invitations"), {"email": email})
    link = re.search(r'value="http://testserver(/invitations/[^"/]+/)" class="w-full" data-testid="invite-link"',
                     response.content.decode())
    return response, (link.group(1) if link else None)


def test_invitation_link_creates_an_account_and_signs_in(world, client_for):
    olga = client_for(world.olga)
    assert olga.get(reverse("invitations")).status_code == 200
    response, link = invite(olga, "New.Person@Example.test")
    assert response.status_code == 200 and link
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.test" and invitation.invited_by == world.olga

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "new.person@example.test" in page.content.decode()
    response = newcomer.post(link, {"name": "Nora Newcomer", "password": "a-long-new-password-42"})
    assert response.status_code == 302 and response.url == reverse("profile_edit")
    person = Person.objects.get(email="new.person@example.test")
    assert person.name == "Nora Newcomer" and person.handle == "new-person" and person.is_active
    assert newcomer.get(reverse("profile", args=[person.handle])).status_code == 200
    assert is_signed_in(newcomer)
    invitation.refresh_from_db()
    assert invitation.accepted_by == person

    # the link cannot be used again
    other = Client()
    assert other.get(link).status_code == 410
    assert other.post(link, {"name": "Someone Else", "password": "another-long-password-7"}).status_code == 410
    assert Person.objects.filter(email="new.person@example.test").count() == 1
    # and the new password works
    assert sign_in(Client(), "new.person@example.test", "a-long-new-password-42").status_code == 302


def test_invitation_refuses_weak_passwords_and_empty_names(world, client_for):
    _, link = invite(client_for(world.olga), "weak@example.test")
    c = Client()
    response = c.post(link, {"name": "Weak", "password": "short"})
    assert response.status_code == 400
    response = c.post(link, {"name": "Weak Person", "password": "password123"})  # too common
    assert response.status_code == 400 and "too common" in response.content.decode()
    response = c.post(link, {"name": "", "password": "a-long-new-password-42"})
    assert response.status_code == 400
    for name, words in (("Weak\x00Person", "Null characters"), ("Weak\nPerson", "line break"), ("\u202eWeak", "direction")):
        response = c.post(link, {"name": name, "password": "a-long-new-password-42"})
        assert response.status_code == 400 and words in response.content.decode()
    assert not Person.objects.filter(email="weak@example.test").exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_for_an_existing_account_or_bad_email(world, client_for):
    olga = client_for(world.olga)
    response, link = invite(olga, "alice@example.test")
    assert response.status_code == 400 and "already has an account" in response.content.decode() and link is None
    response, link = invite(olga, "not-an-email")
    assert response.status_code == 400 and link is None
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["alice", "gina", "otto"])
def test_only_org_admins_invite(world, client_for, who):
    c = client_for(world.people[who])
    assert c.get(reverse("invitations")).status_code == 404
    assert c.post(reverse("invitations"), {"email": "sneaky@example.test"}).status_code == 404
    assert not Invitation.objects.exists()


def test_unknown_invitation_token_is_404(world, client):
    assert client.get(reverse("invitation_accept", args=["not-a-real-token"])).status_code == 404


# --- password reset -------------------------------------------------------------------------

def test_password_reset_by_email(world, client, mailoutbox, worker):
    response = client.post(reverse("password_reset"), {"email": "alice@example.test"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mailoutbox == []  # the page answers at once; the worker sends the email from the outbox
    worker()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["alice@example.test"]
    link = re.search(r"https?://[^/\s]+(/password/reset/[^/\s]+/[^/\s]+/)", mail.body).group(1)

    response = client.get(link)
    assert response.status_code == 302  # to the set-password form, token kept in the session
    set_password_url = response.url
    new_password = "brand-new-battery-77"
    response = client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")

    assert sign_in(Client(), "alice@example.test", PASSWORD).status_code == 200  # old one refused
    assert sign_in(Client(), "alice@example.test", new_password).status_code == 302
    # the link is single-use
    again = Client().get(link, follow=True)
    assert "new_password1" not in again.content.decode()


def test_password_reset_reaches_someone_who_never_chose_a_password(world, client, mailoutbox, worker):
    """Imported or provisioned people have no usable password; Django's own form would skip them silently."""
    world.otto.set_unusable_password()
    world.otto.save(update_fields=["password"])
    client.post(reverse("password_reset"), {"email": "OTTO@example.test"})
    worker()
    assert [m.to for m in mailoutbox] == [["otto@example.test"]]
    link = re.search(r"https?://[^/\s]+(/password/reset/[^/\s]+/[^/\s]+/)", mailoutbox[0].body).group(1)
    form_url = client.get(link).url
    new_password = "first-ever-password-31"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert sign_in(Client(), "otto@example.test", new_password).status_code == 302


@pytest.mark.parametrize("email", ["nobody@example.test", "dave@example.test"])
def test_password_reset_sends_nothing_for_unknown_or_deactivated(world, client, mailoutbox, worker, email):
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")  # reveals nothing
    worker()
    assert mailoutbox == []


# --- profile --------------------------------------------------------------------------------

def profile_form(person, **changes):
    data = {
        "name": person.name, "title": person.title, "department": person.department_id or "",
        "location": person.location, "time_zone": person.time_zone, "bio": person.bio, "skills": person.skills,
        "interests": person.interests, "manager_handle": person.manager.handle if person.manager else "",
    }
    data.update(changes)
    return data


def test_profile_edit_saves_every_field(world, client_for):
    c = client_for(world.otto)
    assert c.get(reverse("profile_edit")).status_code == 200
    response = c.post(reverse("profile_edit"), profile_form(
        world.otto, name="Otto Outward", title="Staff Engineer", department=world.finance.pk, location="Lyon",
        time_zone="Europe/Paris", bio="I build things.", skills="python, django", interests="cycling",
        manager_handle="@Gina"))
    assert response.status_code == 302 and response.url == reverse("profile", args=["otto"])
    otto = Person.objects.get(pk=world.otto.pk)
    assert (otto.name, otto.title, otto.department, otto.location, otto.time_zone, otto.bio, otto.skills,
            otto.interests, otto.manager) == ("Otto Outward", "Staff Engineer", world.finance, "Lyon", "Europe/Paris",
                                              "I build things.", "python, django", "cycling", world.gina)
    page = c.get(reverse("profile", args=["otto"])).content.decode()
    assert "Otto Outward" in page and "Lyon" in page and "Europe/Paris" in page and "django" in page


def test_profile_edit_can_clear_the_manager(world, client_for):
    response = client_for(world.alice).post(reverse("profile_edit"), profile_form(world.alice, manager_handle=""))
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.manager is None


@pytest.mark.parametrize("who,changes,error", [
    ("otto", {"time_zone": "Mars/Olympus_Mons"}, "is not a time zone we offer"),
    ("otto", {"time_zone": ""}, "Choose your time zone"),
    ("otto", {"name": ""}, "required"),
    ("otto", {"manager_handle": "@nobody"}, "Nobody active has the handle “@nobody”."),
    ("otto", {"manager_handle": "@dave"}, "Nobody active has the handle “@dave”."),
    ("otto", {"manager_handle": "otto"}, "cannot be your own manager"),
    ("erin", {"manager_handle": "@gina"}, "@gina reports to you"),
    ("erin", {"manager_handle": "@alice"}, "@alice reports to you"),  # alice → gina → erin
    ("otto", {"department": "999999"}, "Select a valid choice"),
    ("otto", {"bio": "b" * 2001}, "at most 2000 characters"),
    ("otto", {"title": "Head\nof things"}, "The job title contains a line break"),
    ("otto", {"location": "\u202eParis"}, "The location contains a text-direction control character"),
    ("otto", {"bio": "Hello\x07"}, "The bio contains an invisible control character"),
    ("otto", {"skills": "sql\u0085, excel"}, "The list of skills contains an invisible control character"),
])
def test_profile_edit_refuses_bad_values(world, client_for, who, changes, error):
    person = world.people[who]
    client = client_for(person)
    before = Person.objects.values().get(pk=person.pk)
    response = client.post(reverse("profile_edit"), profile_form(person, **changes))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Person.objects.values().get(pk=person.pk) == before


def test_avatar_over_2_mb_is_refused(world, client_for, settings):
    big = SimpleUploadedFile("me.png", png_bytes(padding=2 * 1024 * 1024 + 10), content_type="image/png")
    response = client_for(world.otto).post(reverse("profile_edit"), {**profile_form(world.otto), "avatar": big})
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    world.otto.refresh_from_db()
    assert not world.otto.avatar
    assert not settings.MEDIA_ROOT.exists() or not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))


def test_avatar_must_be_an_image(world, client_for):
    fake = SimpleUploadedFile("me.png", b"not really a picture", content_type="image/png")
    response = client_for(world.otto).post(reverse("profile_edit"), {**profile_form(world.otto), "avatar": fake})
    assert response.status_code == 400
    world.otto.refresh_from_db()
    assert not world.otto.avatar


def test_small_avatar_is_saved_and_served(world, client_for):
    c = client_for(world.otto)
    assert c.get(reverse("avatar", args=["otto"])).status_code == 404
    small = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    assert c.post(reverse("profile_edit"), {**profile_form(world.otto), "avatar": small}).status_code == 302
    response = client_for(world.alice).get(reverse("avatar", args=["otto"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


# --- directory and org chart ----------------------------------------------------------------

def directory_names(client, **params) -> set[str]:
    response = client.get(reverse("directory"), params)
    assert response.status_code == 200
    return set(re.findall(r"<strong>([^<]+)</strong></a>", response.content.decode()))


def test_directory_lists_active_people(world, client_for):
    names = directory_names(client_for(world.otto))
    assert names == {"Erin Executive", "Gina Groupadmin", "Alice Member", "Otto Outsider", "Olga Orgadmin"}


def test_directory_search_and_filters(world, client_for):
    Person.objects.filter(pk=world.gina.pk).update(location="Lyon")
    Person.objects.filter(pk=world.otto.pk).update(location="Lyon", skills="SQL tuning")
    c = client_for(world.otto)
    assert directory_names(c, q="alice") == {"Alice Member"}
    assert directory_names(c, q="analyst") == {"Alice Member"}  # by title
    assert directory_names(c, q="gina lead") == {"Gina Groupadmin"}  # every word must match
    assert directory_names(c, department=world.finance.pk) == {"Gina Groupadmin", "Alice Member"}
    assert directory_names(c, department=world.exec_office.pk) == {"Erin Executive"}
    assert directory_names(c, location="lyon") == {"Gina Groupadmin", "Otto Outsider"}
    assert directory_names(c, skill="sql") == {"Alice Member", "Otto Outsider"}
    assert directory_names(c, skill="forecasting", department=world.finance.pk) == {"Alice Member"}
    assert directory_names(c, q="zzzz") == set()
    empty = Department.objects.create(name="Legal")
    assert directory_names(c, department=empty.pk) == set()


def test_deactivated_people_in_the_directory_only_for_org_admins(world, client_for):
    assert "Dave Deactivated" not in directory_names(client_for(world.otto), inactive="1")
    assert "Dave Deactivated" in directory_names(client_for(world.olga), inactive="1")


def test_org_chart_shows_the_chain_and_reports(world, client_for):
    c = client_for(world.otto)
    page = c.get(reverse("org_chart", args=["alice"])).content.decode().split('aria-label="Management chain"')[1]
    assert page.index("Erin Executive") < page.index("Gina Groupadmin") < page.index("Alice Member")
    assert "No direct reports." in page
    page = c.get(reverse("org_chart", args=["gina"])).content.decode()
    chain, reports = page.split('aria-label="Reports"')
    assert "Erin Executive" in chain and "Alice Member" in reports and "Erin Executive" not in reports
    page = c.get(reverse("org_chart", args=["erin"])).content.decode()
    chain, reports = page.split('aria-label="Reports"')
    assert "Gina Groupadmin" in reports and "Alice Member" not in reports  # direct reports only


def test_deactivated_reports_are_not_listed(world, client_for):
    Person.objects.filter(pk=world.dave.pk).update(manager=world.gina)
    page = client_for(world.otto).get(reverse("org_chart", args=["gina"])).content.decode()
    assert "Dave Deactivated" not in page


# --- issue 17: the top of the organisation, peers ------------------------------------------

def test_only_the_real_root_is_the_top_of_the_organisation(world, client_for):
    c = client_for(world.otto)
    # Erin has no manager and has reports: the real root.
    assert "top of the organisation" in c.get(reverse("profile", args=["erin"])).content.decode()
    assert "at the top of the organisation" in c.get(reverse("org_chart", args=["erin"])).content.decode()
    # Otto has no manager and no reports: a newcomer whose manager is not set yet.
    for page in (c.get(reverse("profile", args=["otto"])), c.get(reverse("org_chart", args=["otto"]))):
        html = page.content.decode()
        assert "top of the organisation" not in html and "No manager set yet" in html
    # Someone with only deactivated reports is not the root either.
    Person.objects.filter(pk=world.dave.pk).update(manager=world.otto)
    assert "top of the organisation" not in c.get(reverse("profile", args=["otto"])).content.decode()


def test_org_chart_shows_peers_and_direct_reports(world, client_for):
    peer = Person.objects.create_user("pat@example.test", "pw-123456789", name="Pat Peer", handle="pat", manager=world.gina)
    Person.objects.create_user("rita@example.test", "pw-123456789", name="Rita Report", handle="rita", manager=world.alice)
    Person.objects.filter(pk=world.dave.pk).update(manager=world.gina)  # deactivated: not a peer shown
    page = client_for(world.otto).get(reverse("org_chart", args=["alice"])).content.decode()
    reports = page.split('aria-label="Reports"')[1].split('aria-label="Peers"')[0]
    peers = page.split('aria-label="Peers"')[1]
    assert "Rita Report" in reports and peer.name not in reports
    assert peer.name in peers and "Alice Member" not in peers and "Dave Deactivated" not in peers
    # No manager: no peers section (people without a manager are not one team).
    assert 'aria-label="Peers"' not in client_for(world.otto).get(reverse("org_chart", args=["otto"])).content.decode()


def test_the_time_zone_picker_offers_canonical_zones_grouped_with_offsets(world, client_for):
    import re

    html = client_for(world.otto).get(reverse("profile_edit")).content.decode()
    select = html.split('name="time_zone"')[1].split("</select>")[0]
    values = re.findall(r'<option value="([^"]+)"', select)
    for legacy in ("W-SU", "localtime", "US/Eastern", "Asia/Calcutta", "Etc/GMT+3", "Factory", "posixrules"):
        assert legacy not in values
    assert {"UTC", "Europe/Paris", "Asia/Kolkata", "America/New_York", "Australia/Sydney"} <= set(values)
    assert 300 < len(values) < 500 and len(values) == len(set(values))
    assert all(v == "UTC" or v.split("/")[0] in ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
                                                 "Australia", "Europe", "Indian", "Pacific") for v in values)
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups == sorted(groups) and "Europe" in groups
    europe = re.findall(r'<option value="([^"]+)"', select.split('<optgroup label="Europe">')[1].split("</optgroup>")[0])
    assert europe == sorted(europe) and all(v.startswith("Europe/") for v in europe)
    assert re.search(r'<option value="Asia/Kolkata"[^>]*>Kolkata \(UTC\+05:30\)</option>', select)


def test_a_time_zone_outside_the_list_gets_a_clear_error_and_the_iana_name_is_stored(world, client_for):
    c = client_for(world.otto)
    response = c.post(reverse("profile_edit"), profile_form(world.otto, time_zone="W-SU"))
    assert response.status_code == 400
    assert "“W-SU” is not a time zone we offer" in response.content.decode()
    assert c.post(reverse("profile_edit"), profile_form(world.otto, time_zone="Asia/Kolkata")).status_code == 302
    world.otto.refresh_from_db()
    assert world.otto.time_zone == "Asia/Kolkata"


def test_a_legacy_time_zone_stored_before_stays_offered(world, client_for):
    Person.objects.filter(pk=world.otto.pk).update(time_zone="US/Eastern")
    world.otto.refresh_from_db()
    c = client_for(world.otto)
    assert 'value="US/Eastern" selected' in c.get(reverse("profile_edit")).content.decode()
    assert c.post(reverse("profile_edit"), profile_form(world.otto)).status_code == 302
