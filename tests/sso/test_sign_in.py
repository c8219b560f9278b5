"""Signing in with OpenID Connect against a real provider on loopback (oidc-provider-mock): the whole
authorization-code round trip over HTTP, people created or linked, claims mapped, refusals."""

import html
import io
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.sso.conftest import ALICE, DAVE, NEWBIE, UNVERIFIED, at_provider, sign_in, signed_in_as, start
from townsquare.people.models import Person
from townsquare.sso.models import SsoEvent, SsoIdentity

pytestmark = pytest.mark.django_db(transaction=False)


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_login_page_shows_the_button_only_when_sso_is_set_up(client, settings, mock_issuer):
    page = text(client.get("/login/"))
    assert "Sign in with SSO" in page and 'href="/sso/login/"' in page
    assert 'name="password"' in page  # passwords still work beside it
    settings.OIDC_BUTTON_LABEL = "Sign in with Contoso"
    assert "Sign in with Contoso" in text(client.get("/login/"))
    settings.OIDC_ENABLED = False
    page = text(client.get("/login/"))
    assert "/sso/login/" not in page and "Contoso" not in page
    assert client.get("/sso/login/").status_code == 404


def test_the_sign_in_asks_for_the_code_flow_with_pkce_a_state_and_a_nonce(client, mock_issuer):
    url = urlsplit(start(client))
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}" == mock_issuer and url.path == "/oauth2/authorize"  # from discovery
    assert query["response_type"] == "code" and query["client_id"] == "townsquare-tests"
    assert query["scope"] == "openid email profile"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert query["redirect_uri"] == "http://testserver/sso/callback/"


def test_a_first_sign_in_creates_the_person_with_their_claims(client, world, mock_issuer):
    response = sign_in(client, NEWBIE["sub"], next_url="/groups/")
    assert response.status_code == 302 and response["Location"] == "/groups/"
    nina = Person.objects.get(email="nina.new@example.test")
    assert signed_in_as(client) == nina
    assert (nina.name, nina.title, nina.department.name, nina.manager) == (
        "Nina Newcomer", "Data Scientist", "Research", world.gina)
    assert nina.handle == "nina-new" and not nina.has_usable_password()
    identity = SsoIdentity.objects.get(person=nina)
    assert (identity.issuer, identity.subject) == (mock_issuer, "idp-newbie")
    assert SsoEvent.objects.filter(kind="created", person=nina).exists()
    from townsquare.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="person.sso_create", target_id=str(nina.pk)).count() == 1


def test_a_handle_already_taken_gets_a_number(client, world, mock_issuer):
    Person.objects.create_user("nina.new@elsewhere.test", None, name="Another Nina", handle="nina-new")
    sign_in(client, NEWBIE["sub"])
    assert Person.objects.get(email="nina.new@example.test").handle == "nina-new2"


def test_an_existing_person_is_linked_by_verified_email_and_found_by_subject_afterwards(client, world, mock_issuer):
    sign_in(client, ALICE["sub"])
    assert signed_in_as(client) == world.alice
    assert SsoIdentity.objects.get(subject="idp-alice").person == world.alice
    assert Person.objects.filter(email="alice@example.test").count() == 1
    # The provider changes her address and her title: the subject still finds her, the title follows.
    requests.put(f"{mock_issuer}/users/idp-alice", json={**{k: v for k, v in ALICE.items() if k != "sub"},
                 "email": "alice.m@example.test", "title": "Senior Analyst"}, timeout=10).raise_for_status()
    client.post("/logout/")
    assert signed_in_as(client) is None
    sign_in(client, ALICE["sub"])
    world.alice.refresh_from_db()
    assert signed_in_as(client) == world.alice and world.alice.title == "Senior Analyst"
    assert list(SsoEvent.objects.values_list("kind", flat=True)) == ["signed_in", "linked"]


def test_an_unverified_email_is_refused_and_nothing_is_stored(client, world, mock_issuer):
    before = Person.objects.count()
    response = sign_in(client, UNVERIFIED["sub"])
    assert response.status_code == 400
    assert "has not verified your email address" in text(response)
    assert signed_in_as(client) is None
    assert Person.objects.count() == before and not SsoIdentity.objects.exists()
    assert SsoEvent.objects.get().reason == "unverified_email"


def test_trusting_the_providers_addresses_links_without_email_verified(client, world, settings, mock_issuer):
    settings.OIDC_TRUST_EMAIL = True
    sign_in(client, UNVERIFIED["sub"])
    assert signed_in_as(client) == world.otto


def test_a_deactivated_person_is_refused_by_email_and_by_subject(client, world, mock_issuer):
    response = sign_in(client, DAVE["sub"])  # dave is deactivated in the shared world
    assert response.status_code == 403 and "has been deactivated" in text(response)
    assert signed_in_as(client) is None and not SsoIdentity.objects.exists()
    # Alice links, is deactivated, and is refused at her next sign-in; her session ended with deactivation.
    sign_in(client, ALICE["sub"])
    assert signed_in_as(client) == world.alice
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    assert signed_in_as(client) is None  # the SSO backend does not restore a deactivated person's session
    response = sign_in(client, ALICE["sub"])
    assert response.status_code == 403 and "has been deactivated" in text(response)
    assert signed_in_as(client) is None


def test_a_replayed_callback_signs_nobody_in(client, world, mock_issuer):
    callback = at_provider(start(client), ALICE["sub"])
    assert client.get(callback).status_code == 302
    assert signed_in_as(client) == world.alice
    response = client.get(callback)  # the same state again (and the code, already spent at the provider)
    assert response.status_code == 400 and "already used" in text(response)
    assert signed_in_as(client) is None
    assert SsoEvent.objects.filter(kind="refused", reason="state").count() == 1


def test_a_callback_this_browser_did_not_start_signs_nobody_in(client, world, mock_issuer):
    from django.test import Client

    attacker = Client()
    callback = at_provider(start(attacker), ALICE["sub"])
    response = client.get(callback)  # a victim's browser opens the attacker's callback (login CSRF)
    assert response.status_code == 400 and signed_in_as(client) is None


def test_the_provider_saying_no_signs_nobody_in(client, world, mock_issuer):
    authorize = start(client)
    response = requests.post(authorize, data={"action": "deny"}, allow_redirects=False, timeout=10)
    back = urlsplit(response.headers["Location"])
    assert "error=access_denied" in back.query
    page = client.get(f"{back.path}?{back.query}")
    assert page.status_code == 400 and "did not sign you in" in text(page)
    assert signed_in_as(client) is None
    assert client.get(f"{back.path}?{back.query}").status_code == 400  # and its state is spent


def test_a_provider_that_is_down_is_a_clear_page(client, world, settings):
    from tests.oidc_provider import free_port, use_provider

    use_provider(settings, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    response = client.get("/sso/login/")
    assert response.status_code == 503
    assert "could not reach your organisation's sign-in service" in text(response)
    assert signed_in_as(client) is None
    assert SsoEvent.objects.get().reason == "provider_down"


def test_a_provider_that_goes_down_mid_sign_in_signs_nobody_in(client, world, settings):
    from tests.oidc_provider import mock_provider, use_provider

    with mock_provider([ALICE]) as issuer:
        use_provider(settings, issuer)
        callback = at_provider(start(client), ALICE["sub"])
    response = client.get(callback)  # the token endpoint is gone now
    assert response.status_code == 503 and signed_in_as(client) is None
    assert not SsoIdentity.objects.exists()


def test_password_sign_in_still_works_beside_sso(client, world, mock_issuer):
    from tests.conftest import PASSWORD

    response = client.post("/login/", {"username": "alice@example.test", "password": PASSWORD})
    assert response.status_code == 302 and signed_in_as(client) == world.alice


# --- ID tokens a provider shapes wrongly (tests/oidc_provider.CraftedProvider: a real HTTP provider) ------------

def sign_in_crafted(client):
    """Start, follow the crafted provider's authorize answer, and open the callback → our response."""
    return client.get(at_provider(start(client)))


def test_a_good_crafted_token_signs_in(client, world, crafted):
    """The control for the cases below: the same provider with nothing changed signs Cara in."""
    response = sign_in_crafted(client)
    assert response.status_code == 302, text(response)
    assert signed_in_as(client).email == "crafted@example.test"
    assert crafted.token_requests and crafted.token_requests[-1].get("code_verifier")  # PKCE


@pytest.mark.parametrize(("shape", "reason", "words"), [
    ({"token_changes": {"aud": "another-application"}}, "audience", "meant for another application"),
    ({"token_changes": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}}, "expired", "already expired"),
    ({"sign_with": "other"}, "signature", "could not be verified"),
    ({"token_changes": {"iss": "https://not-the-issuer.example"}}, None, "nobody was signed in"),
    ({"token_changes": {"nonce": "a-nonce-from-another-sign-in"}}, None, "nobody was signed in"),
    ({"token_changes": {"exp": None}}, None, "nobody was signed in"),
])
def test_a_bad_id_token_is_a_clear_page_and_signs_nobody_in(client, world, crafted, shape, reason, words):
    for name, value in shape.items():
        setattr(crafted, name, value)
    people = Person.objects.count()
    response = sign_in_crafted(client)
    assert response.status_code == 400
    assert words in text(response)
    assert signed_in_as(client) is None
    assert Person.objects.count() == people and not SsoIdentity.objects.exists()
    event = SsoEvent.objects.get()
    assert event.kind == "refused" and (reason is None or event.reason == reason)


# --- SSO-only mode and the break-glass way in ----------------------------------------------------------------

def test_sso_only_refuses_passwords_and_a_break_glass_link_lets_an_admin_in_once(client, world, settings, mock_issuer):
    from django.core.management import call_command

    from tests.conftest import PASSWORD
    from townsquare.core.models import AuditEntry

    settings.SSO_ONLY = True
    refused = client.post("/login/", {"username": "olga@example.test", "password": PASSWORD})
    assert refused.status_code == 200 and signed_in_as(client) is None  # the right password, refused
    assert "Passwords are off" in text(client.get("/password/reset/"))

    with pytest.raises(Exception, match="not an active organisation admin"):
        call_command("break_glass_login", "alice@example.test")
    out = io.StringIO()
    call_command("break_glass_login", "olga@example.test", stdout=out)
    path = urlsplit(out.getvalue().split()[-1]).path
    assert client.get(path).status_code == 200 and signed_in_as(client) is None  # a GET only asks to confirm
    assert client.post(path).status_code == 302 and signed_in_as(client) == world.olga
    other = type(client)()
    assert other.post(path).status_code == 404 and signed_in_as(other) is None  # once
    assert list(AuditEntry.objects.filter(action__startswith="person.break_glass").values_list("action", flat=True)
                .order_by("id")) == ["person.break_glass_link", "person.break_glass_sign_in"]
