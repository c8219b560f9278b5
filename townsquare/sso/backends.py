"""Authentication backends: the password gate (SSO_ONLY) and single sign-on on mozilla-django-oidc.

Why mozilla-django-oidc (5.0.2): it is small and does one thing — the authorization-code flow as a Django
authentication backend and two views — with PKCE, a nonce and a state per sign-in built in, and every step a
method to override. We subclass it for what it leaves to the application:

* discovery: its endpoints are settings; ours come from the issuer's discovery document (discovery.py), looked up
  only when a sign-in needs them, so a provider that is down never breaks a password sign-in or start-up;
* the ID token: it checks the signature (RS256, the key from the provider's JWKS) and the nonce, but leaves out
  the audience (`verify_aud: False`) and the issuer, and accepts a token without `exp`. We require and check
  signature, `iss`, `aud` (and `azp` when there are several audiences), `exp` and `iat`, with a minute of leeway
  for clocks;
* people: created or linked by verified email, found again by (issuer, subject), claims mapped (services.py);
* sessions: its get_user would restore a deactivated person's session; ours refuses them, like ModelBackend.
Every failure is an SsoError with a reason (errors.py), which the callback view shows as a page.
"""

from __future__ import annotations

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from townsquare.sso import discovery, services
from townsquare.sso.errors import ProviderUnavailable, SsoError

LEEWAY_SECONDS = 60


class PasswordGate(ModelBackend):
    """First in AUTHENTICATION_BACKENDS: with SSO_ONLY, an email-and-password sign-in stops here (PermissionDenied
    ends Django's authenticate() before ModelBackend is asked); otherwise it leaves the password to ModelBackend.
    Being first, it is also the backend of `login()` calls that name none (the test client's force_login), so it
    restores sessions exactly as ModelBackend does (inactive people refused)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and settings.SSO_ONLY:
            raise PermissionDenied("Password sign-in is off (SSO_ONLY)")
        return None


class OidcBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Not the parent's __init__: it reads the endpoints at once, and Django makes a backend for every
        # authenticate() call, password ones included. Ours are looked up when used.
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr, *args):
        return getattr(settings, attr, *args) if args else getattr(settings, attr)

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_RP_CLIENT_ID(self):  # noqa: N802 (the parent's names)
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802
        return discovery.provider_metadata()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return discovery.provider_metadata().get("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return discovery.provider_metadata()["jwks_uri"]

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise SsoError("provider_error", f"the provider answered {status} at the token or userinfo endpoint") from exc
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"{type(exc).__name__} talking to the provider") from exc

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token: by `kid` when the token names one, and of the token's algorithm."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SsoError("token", f"the ID token is not a JWT ({exc})") from exc
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        try:
            keys = response.json()["keys"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SsoError("signature", "the provider's JWKS is not a key set") from exc
        kid = header.get("kid")
        for key in keys if isinstance(keys, list) else []:
            if not isinstance(key, dict) or key.get("use", "sig") != "sig":
                continue
            if kid is not None and key.get("kid") != kid:
                continue
            if key.get("alg", header.get("alg")) != header.get("alg"):
                continue
            try:
                return jwt.PyJWK(key)
            except jwt.PyJWTError:
                continue
        raise SsoError("signature", f"no key in the provider's JWKS matches the ID token's kid {kid!r}")

    def _verify_jws(self, payload, key):
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.PyJWTError as exc:
            raise SsoError("token", f"the ID token is not a JWT ({exc})") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SsoError("signature", f"the ID token is signed with {header.get('alg')!r}, not RS256")
        issuer = discovery.provider_metadata()["issuer"]
        try:
            claims = jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                                issuer=issuer, leeway=LEEWAY_SECONDS,
                                options={"require": ["iss", "sub", "aud", "exp", "iat"]})
        except jwt.ExpiredSignatureError as exc:
            raise SsoError("expired", "the ID token's exp has passed") from exc
        except jwt.InvalidAudienceError as exc:
            raise SsoError("audience", f"the ID token is for {jwt.decode(payload, options={'verify_signature': False}).get('aud')!r}") from exc
        except jwt.InvalidSignatureError as exc:
            raise SsoError("signature", "the ID token's signature does not verify with the provider's key") from exc
        except jwt.InvalidIssuerError as exc:
            raise SsoError("token", "the ID token's iss is not the provider's issuer") from exc
        except jwt.PyJWTError as exc:
            raise SsoError("token", f"the ID token is not valid: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SsoError("audience", "the ID token has several audiences and another azp")
        return claims

    def verify_token(self, token, **kwargs):
        if not token:
            raise SsoError("token", "the token endpoint sent no id_token")
        payload = self._verify_jws(token, self.retrieve_matching_jwk(token))
        if payload.get("nonce") != kwargs.get("nonce"):
            raise SsoError("token", "the ID token's nonce is not the one this sign-in sent")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
                raise SsoError("token", "the userinfo answer is about another subject")
            claims.update({k: v for k, v in userinfo.items() if k not in {"iss", "aud", "exp", "iat", "nonce"}})
        return services.sign_in_from_claims(issuer=payload["iss"], claims=claims, request=self.request)

    def get_user(self, user_id):
        user = self.UserModel._default_manager.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
