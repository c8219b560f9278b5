"""With SSO_ONLY, the password reset pages say to sign in with SSO instead (and send nothing): a password is not a
way in. Org admins' way in when the provider is down is `townsquare break-glass-login` (docs/IDENTITY.md)."""

from django.conf import settings
from django.shortcuts import render

PASSWORD_PAGES = {"password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}


class SsoOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SSO_ONLY:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in PASSWORD_PAGES:
            return render(request, "sso/password_off.html", {"title": "Passwords are off"})
        return None
