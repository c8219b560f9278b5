"""`townsquare demo --with-sso`: a real OpenID Connect provider on loopback, and the demo's SSO settings pointing at it.

The provider is oidc-provider-mock (a small Flask app by others, in the `test` extra): discovery, JWKS, RS256 ID
tokens, and an authorization page where one types a subject (or presses the button of a predefined one) and presses
Authorize. It runs in a thread of the demo's process on 127.0.0.1 only, for as long as the demo runs.

The demo accounts are predefined with their subject = their email and their real name, title, department and manager
as claims, so signing in as the CEO is one press of a button. Any other email typed on that page signs in the demo
person with that email (the provider sends only an email for a subject it does not know, so this run trusts the
provider's addresses: OIDC_TRUST_EMAIL), and an email nobody has makes a new account, as a first SSO sign-in does.

The settings are set on django.conf.settings for this run only (they are read when a sign-in needs them); the
client secret is made afresh for each run, and the provider accepts any client, so nothing secret is written down.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import warnings

from django.conf import settings
from django.core.management.base import CommandError

DEFAULT_PORT = 8009
CLIENT_ID = "townsquare-demo"


class DemoProvider:
    """The provider's port is taken first (`provider_bind`, before the demo migrates and generates, so a port in use
    is said at once), and it serves once the demo people exist (`serve`), as they are its predefined users."""

    def __init__(self, server, listening: socket.socket):
        self.server = server
        self.listening = listening  # werkzeug serves on a copy of this socket: both open, then both closed
        self.issuer = f"http://127.0.0.1:{listening.getsockname()[1]}"
        self.thread: threading.Thread | None = None

    def serve(self, users: list[dict]) -> None:
        from oidc_provider_mock import User, app

        self.server.app = app(user_claims=[User(sub=u["sub"], claims={k: v for k, v in u.items() if k != "sub"})
                                           for u in users], require_nonce=True)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                                       daemon=True, name="demo-sso-provider")
        self.thread.start()

    def stop(self) -> None:
        if self.thread is not None:
            self.server.shutdown()
            self.thread.join(5)
        self.server.server_close()
        self.listening.close()


def demo_user_claims(emails: list[str]) -> list[dict]:
    """Claims for each of these people, as an organisation's provider would send them (sub = the email)."""
    from townsquare.people.models import Person

    people = Person.objects.select_related("department", "manager").filter(email__in=emails)
    by_email = {p.email: p for p in people}
    users = []
    for email in emails:
        person = by_email.get(email)
        if person is None:
            continue
        claims = {"email": person.email, "email_verified": True, "name": person.name, "title": person.title}
        if person.department is not None:
            claims["department"] = person.department.name
        if person.manager is not None:
            claims["manager_email"] = person.manager.email
        users.append({"sub": person.email, **claims})
    return users


def provider_bind(*, port: int) -> DemoProvider:
    """Take 127.0.0.1:`port` (0: any free port) for oidc-provider-mock → the provider, not yet serving."""
    try:
        from authlib.deprecate import AuthlibDeprecationWarning

        # authlib (which oidc-provider-mock uses) shows its own deprecation warnings always, on import and at
        # sign-ins: not news for someone trying the demo, so this process leaves them out.
        warnings.filterwarnings("ignore", category=AuthlibDeprecationWarning)
        import oidc_provider_mock  # noqa: F401
        import werkzeug.serving
    except ImportError as exc:
        raise CommandError("--with-sso needs the oidc-provider-mock package, which is not installed here. "
                           "Install it with: pip install 'oidc-provider-mock==0.3.4' (or pip install -e '.[test]')."
                           ) from exc
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http, on this machine only
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request in the demo's output
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(("127.0.0.1", port))
        listening.listen(64)
    except OSError as exc:
        listening.close()
        raise CommandError(f"The test sign-in provider cannot start: port {port} on 127.0.0.1 is already in use. "
                           "Stop what uses it, or choose another port with --sso-port.") from exc
    server = werkzeug.serving.make_server("127.0.0.1", port, None, threaded=True, fd=listening.fileno())
    return DemoProvider(server, listening)


def settings_use(provider: DemoProvider) -> None:
    """Point this process's SSO settings at the demo provider (what OIDC_ISSUER and friends would say)."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = secrets.token_urlsafe(24)
    settings.OIDC_TRUST_EMAIL = True
