"""Single sign-on in a real browser, end to end: the sign-in page's SSO button → a real OpenID Connect provider on
loopback (oidc-provider-mock, tests/oidc_provider.py) → its own authorization page, where the person types their
subject and presses Authorize → back on Townsquare, signed in as the right person with the name, title,
department and manager from the provider's claims. And two refusals as a person sees them: a deactivated account,
and a provider that cannot be reached."""

import re

import pytest
from playwright.sync_api import expect

from tests.oidc_provider import free_port, mock_provider, use_provider
from townsquare.people.models import Person

pytestmark = pytest.mark.browser

NINA = {"sub": "idp-nina", "email": "nina.new@example.test", "email_verified": True, "name": "Nina Newcomer",
        "department": "Research", "title": "Data Scientist", "manager_email": "gina@example.test"}
DAVE = {"sub": "idp-dave", "email": "dave@example.test", "email_verified": True, "name": "Dave"}


@pytest.fixture
def provider(settings):
    with mock_provider([NINA, DAVE]) as issuer:
        use_provider(settings, issuer)
        yield issuer


def hermetic(page) -> None:
    """The provider's page asks a CDN for its stylesheet: refused here, so the test never waits on the internet."""
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda route: route.abort())


def to_the_provider(page, live_server, issuer: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Sign in with SSO").click()
    expect(page).to_have_url(re.compile("^" + re.escape(f"{issuer}/oauth2/authorize?")))
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()


def test_a_newcomer_signs_in_through_the_provider_and_arrives_with_their_claims(world, live_server, provider,
                                                                                new_page, shot):
    page = new_page()
    hermetic(page)
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("link", name="Sign in with SSO")).to_be_visible()
    shot(page, "login-with-sso-button")

    to_the_provider(page, live_server, provider)
    expect(page.get_by_text("Client ID: townsquare-tests")).to_be_visible()
    shot(page, "provider-authorization-page")
    page.get_by_placeholder("sub").fill(NINA["sub"])  # what a person types on the provider's form
    page.get_by_role("button", name="Authorize").click()

    # Back on Townsquare, signed in: the top bar, not the sign-in page.
    expect(page).to_have_url(re.compile("^" + re.escape(live_server.url)))
    expect(page.locator("header.topbar")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login/|/sso/"))
    page.wait_for_load_state("load")
    shot(page, "signed-in")

    nina = Person.objects.get(email=NINA["email"])
    assert (nina.name, nina.title, nina.department.name, nina.manager) == (
        "Nina Newcomer", "Data Scientist", "Research", world.gina)
    page.goto(f"{live_server.url}{nina.get_absolute_url()}")
    profile = page.locator("main")
    expect(profile.get_by_role("heading", name="Nina Newcomer")).to_be_visible()
    expect(profile).to_contain_text("Data Scientist")
    expect(profile).to_contain_text("Research")
    expect(profile).to_contain_text("Gina Groupadmin")  # her manager, by the manager_email claim
    expect(profile.get_by_role("link", name="Edit profile")).to_be_visible()  # her own page
    shot(page, "her-profile-from-the-claims")
    # The page's own "My profile" link is hers: the session is Nina's, not just any account's.
    expect(page.locator("header.topbar").get_by_role("link", name="My profile", include_hidden=True)).to_have_attribute(
        "href", nina.get_absolute_url())
    assert page.js_errors == []
    assert page.failed_responses == []


def test_a_deactivated_person_is_refused_with_a_page_that_says_why(world, live_server, provider, new_page, shot):
    page = new_page()
    hermetic(page)
    to_the_provider(page, live_server, provider)
    page.get_by_placeholder("sub").fill(DAVE["sub"])
    page.get_by_role("button", name="Authorize").click()

    refused = page.get_by_test_id("sso-failed")
    expect(refused).to_have_attribute("data-reason", "deactivated")
    expect(page.get_by_role("heading", name="You are not signed in")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Your Townsquare account has been deactivated")
    shot(page, "deactivated-refused")
    expect(page.locator("header.topbar")).to_have_count(0)
    page.get_by_role("link", name="Back to the sign-in page").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/"))  # nobody was signed in


def test_a_provider_that_cannot_be_reached_gives_a_clear_message(world, live_server, settings, new_page, shot):
    use_provider(settings, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    page = new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Sign in with SSO").click()
    expect(page.get_by_test_id("sso-failed")).to_have_attribute("data-reason", "provider_down")
    expect(page.get_by_role("alert")).to_contain_text("We could not reach your organisation's sign-in service")
    shot(page, "provider-down")
    assert page.foreign_requests == []  # the browser was never sent to the missing provider
