"""Thin views of single sign-on: start (to the provider), callback (back from it), break-glass, the admins' page.

The start and callback views are mozilla-django-oidc's, subclassed: the endpoints come from discovery when a
sign-in starts (a provider that is down is a page that says so), and every way a callback can fail — the
provider's error, a state this browser did not start or already used, a token that does not verify, an email not
verified, a deactivated person — is an SsoError shown as a page (templates/sso/failed.html), logged for the
admins, with nobody signed in."""

import time

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from townsquare.sso import access, discovery, selectors, services
from townsquare.sso.errors import SsoError

STATE_MAX_AGE_SECONDS = 15 * 60  # a sign-in started longer ago than this is not finished


def _failed(request, error: SsoError):
    services.sign_in_refused_record(error=error)
    if request.user.is_authenticated:
        auth.logout(request)
    return render(request, "sso/failed.html", {"title": "Not signed in", "message": error.message,
                                               "code": error.code}, status=error.status)


def _settings(attr, *args):
    return getattr(settings, attr, *args) if args else getattr(settings, attr)


@method_decorator(never_cache, name="dispatch")
class SsoLoginView(OIDCAuthenticationRequestView):
    """GET /sso/login/?next=… → to the provider's authorization endpoint with state, nonce and a PKCE challenge."""

    get_settings = staticmethod(_settings)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # not the parent's: it reads the endpoint from settings at once

    def get(self, request):
        access.access_sso_enabled()
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery.provider_metadata()["authorization_endpoint"]
        except SsoError as error:
            return _failed(request, error)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(never_cache, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):
    """GET /sso/callback/?code=…&state=… → signed in and on to ?next, or a page that says why not."""

    get_settings = staticmethod(_settings)

    def get(self, request):
        access.access_sso_enabled()
        try:
            return self._finish(request)
        except SsoError as error:
            return _failed(request, error)
        except SuspiciousOperation as exc:
            return _failed(request, SsoError("token", str(exc)[:200]))

    def _finish(self, request):
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states")
        entry = states.pop(state, None) if isinstance(states, dict) and state else None
        if entry is not None:  # spent now, whatever follows: a state works once
            request.session["oidc_states"] = states
            request.session.save()
        if request.GET.get("error"):
            raise SsoError("provider_error", f"the provider sent error={request.GET['error'][:60]!r}")
        if entry is None:
            raise SsoError("state", "the state is not one this browser started, or was used already")
        if time.time() - float(entry.get("added_on", 0)) > STATE_MAX_AGE_SECONDS:
            raise SsoError("state", "the sign-in was started more than 15 minutes ago")
        if not request.GET.get("code"):
            raise SsoError("bad_request", "the callback has no code")
        # Read the session again after the slow calls to the provider, as the parent does (other tabs may write it).
        request.session = request.session.__class__(request.session.session_key)
        user = auth.authenticate(request=request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier"))
        if user is None:
            raise SsoError("token", "no backend accepted the callback")
        if not user.is_active:
            raise SsoError("deactivated", "the person is deactivated", email=user.email)
        self.user = user
        return self.login_success()


sso_login = SsoLoginView.as_view()
sso_callback = SsoCallbackView.as_view()


@require_http_methods(["GET", "POST"])
@never_cache
def break_glass(request, token: str):
    """GET: a page that asks to confirm (so a mail scanner that opens links spends nothing); POST: signed in."""
    try:
        link = access.access_break_glass(token)
    except Http404:
        return render(request, "sso/failed.html", {
            "title": "Link not valid", "code": "break_glass",
            "message": "This sign-in link has been used, has run out or never existed. "
                       "Make a new one on the server with: townsquare break-glass-login YOUR-EMAIL"}, status=404)
    if request.method == "POST":
        try:
            person = services.break_glass_link_use(link=link)
        except ValidationError as exc:
            return render(request, "sso/failed.html", {"title": "Link not valid", "code": "break_glass",
                                                       "message": exc.messages[0]}, status=404)
        auth.login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "sso/break_glass.html", {"title": "Break-glass sign-in", "link": link})


@login_required
@require_GET
def sso_admin(request):
    access.access_sso_admin(request.user)
    return render(request, "sso/admin.html", {"title": "Single sign-on", "status": selectors.sso_status(),
                                              "events": selectors.recent_events()})
