"""Two real OpenID Connect providers on loopback, shared by the SSO tests (tests/sso) and the browser test
(tests/browser/test_sso.py), and `use_provider` that points Townsquare's settings at one.

* `mock_provider(users)`: oidc-provider-mock 0.3.4 (a Flask app by others: discovery, JWKS, an authorize page where
  one picks a user, a token endpoint that signs real RS256 ID tokens, userinfo), served by werkzeug on 127.0.0.1.
* `CraftedProvider`: our own small provider, a real HTTP server that serves discovery, JWKS, an authorization
  endpoint that answers at once and a token endpoint whose ID tokens a test shapes — another audience, expired,
  signed with a key that is not in its JWKS — signed with joserfc. It checks the PKCE code_verifier against the
  challenge the sign-in sent, as a provider must. It is a provider for the tests, not a stand-in for our code.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "townsquare-tests"
CLIENT_SECRET = "a-client-secret-that-is-never-shown"


def use_provider(settings, issuer: str) -> None:
    """Point Townsquare's SSO settings (pytest-django's `settings` fixture) at the provider at `issuer`."""
    settings.OIDC_ISSUER = issuer
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def mock_provider(users=()):
    """oidc-provider-mock with `users` ({"sub": …, claims…} dicts) predefined → its issuer URL."""
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on loopback
    import werkzeug.serving
    from oidc_provider_mock import User, app

    flask_app = app(user_claims=[User(sub=u["sub"], claims={k: v for k, v in u.items() if k != "sub"}) for u in users],
                    require_nonce=True)
    server = werkzeug.serving.make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class CraftedProvider:
    """A provider whose next ID token is shaped by `self.token_changes` (claims to set or drop) and `self.sign_with`."""

    def __init__(self):
        from joserfc.jwk import RSAKey

        self.key = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig", "alg": "RS256"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig", "alg": "RS256"})
        self.claims = {"sub": "crafted-1", "email": "crafted@example.test", "email_verified": True, "name": "Cara Crafted"}
        self.token_changes: dict = {}
        self.sign_with = "good"  # "other": a key of the same kid that is not the provider's
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def discovery(self) -> dict:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks", "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"], "subject_types_supported": ["public"],
                "code_challenge_methods_supported": ["S256"]}

    def id_token(self, *, nonce: str) -> str:
        from joserfc import jwt

        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce, **self.claims}
        for name, value in self.token_changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        key = self.key if self.sign_with == "good" else self.other_key
        return jwt.encode({"alg": "RS256", "kid": "good", "typ": "JWT"}, claims, key)

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    return self._json(200, provider.discovery())
                if url.path == "/jwks":
                    return self._json(200, {"keys": [provider.key.as_dict(private=False)]})
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    self.send_response(302)
                    self.send_header("Location", query["redirect_uri"] + "?" + urlencode(
                        {"code": code, "state": query.get("state", "")}))
                    self.end_headers()
                    return None
                if url.path == "/userinfo":
                    return self._json(200, {"sub": provider.claims["sub"], "email": provider.claims.get("email")})
                return self._json(404, {"error": "not_found"})

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                if urlsplit(self.path).path != "/token":
                    return self._json(404, {"error": "not_found"})
                asked = provider.codes.pop(form.get("code", ""), None)
                if asked is None or form.get("client_secret") != CLIENT_SECRET:
                    return self._json(400, {"error": "invalid_grant"})
                challenge = _b64(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
                if asked.get("code_challenge_method") != "S256" or challenge != asked.get("code_challenge"):
                    return self._json(400, {"error": "invalid_grant", "error_description": "PKCE verifier mismatch"})
                return self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                        "expires_in": 300, "id_token": provider.id_token(nonce=asked.get("nonce", ""))})

        return Handler
