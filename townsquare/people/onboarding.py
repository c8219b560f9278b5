"""Onboarding: the emails that let people in — a welcome with a set-password link (or a "sign in with SSO" link),
an invitation, a password reset — recorded in the write's transaction (core/outbox.py) and sent once by the worker.

    welcome_send(person)                   # CSV import, SCIM, an admin's resend: one welcome per person
    welcome_send(person, resend=True)      # a new email; the links of earlier ones stop working
    invitation_email(invitation)           # the invitation's current round (its token is its link)
    password_reset_email(person)           # a reset link, for everyone active with an email

Each email is claimed before it is sent (OnboardingEmail, unique by the outbox key), so the outbox's
at-least-once delivery sends it once; a send that fails releases its claim and the outbox tries again.

A welcome's link is a Django password-reset token from `welcome_tokens` (WelcomeTokenGenerator): it works for
a person with no usable password, for `invitation_days()` days, once (the password it sets changes the hash),
and only for the welcome's latest round (a resend bumps the round). It opens `welcome_password`, which signs the
person in once they have chosen a password. When the site signs in only with SSO (settings.OIDC_ENABLED and
settings.SSO_ONLY), the welcome links to the sign-in page instead, and no password is asked for.
"""

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from townsquare.core import outbox
from townsquare.people.models import Invitation, OnboardingEmail, Person, Welcome, invitation_days

log = logging.getLogger(__name__)

WELCOME = "people.welcome"
INVITATION = "people.invitation"
PASSWORD_RESET = "people.password_reset"
# A send still claimed after this long belongs to a worker that died mid-send: another may take it over.
CLAIM_LEASE = timedelta(minutes=2)


def site_url() -> str:
    """Links in emails start with SITE_URL (no trailing slash), as delivery's do."""
    return (getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def sso_only() -> bool:
    """Password sign-in is off: people sign in with the organisation's single sign-on (H1's settings)."""
    return bool(getattr(settings, "OIDC_ENABLED", False) and getattr(settings, "SSO_ONLY", False))


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


# --- the welcome's set-password link ----------------------------------------------------------------------------

class WelcomeTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token, salted apart, valid for invitation_days() and bound to the welcome's round, so a resend
    ends every earlier link. A used link stops working because the password it set changes the hash."""

    key_salt = "townsquare.people.onboarding.WelcomeTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        round_ = Welcome.objects.filter(person_id=user.pk).values_list("round", flat=True).first() or 0
        return f"{super()._make_hash_value(user, timestamp)}:welcome:{round_}"

    def check_token(self, user, token):
        if not (user and token and user.is_active):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        return (self._num_seconds(self._now()) - ts) <= invitation_days() * 86400

    def _now(self):
        return datetime.now()


welcome_tokens = WelcomeTokenGenerator()


def welcome_link(person: Person) -> str:
    """The absolute link the welcome email carries: set a password, or sign in with SSO."""
    if sso_only():
        return site_url() + reverse("login")
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return site_url() + reverse("welcome_password", args=[uid, welcome_tokens.make_token(person)])


def password_reset_link(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return site_url() + reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(person)])


# --- recording (in the caller's transaction) --------------------------------------------------------------------

def welcome_send(person: Person, *, via: str = Welcome.Via.ADMIN, resend: bool = False) -> Welcome:
    """Record the welcome email of `person` (in the caller's transaction; sent by the worker after the commit).

    Idempotent: a person gets one welcome, however often this is called, unless `resend` — then a new round, whose
    email carries a new link and ends the earlier ones. Someone who has already signed in gets no welcome."""
    with transaction.atomic():
        welcome, created = Welcome.objects.get_or_create(person=person, defaults={"via": via, "sso": sso_only()})
        if not created and not resend:
            return welcome
        if not created:
            Welcome.objects.filter(pk=welcome.pk).update(round=F("round") + 1, asked_at=timezone.now(),
                                                         sso=sso_only())
            welcome.refresh_from_db()
        outbox.record(WELCOME, key=f"welcome:{person.pk}:{welcome.round}",
                      payload={"person": person.pk, "round": welcome.round})
    return welcome


def invitation_email(invitation: Invitation) -> None:
    """Record the email of the invitation's current round."""
    outbox.record(INVITATION, key=f"invitation:{invitation.pk}:{invitation.round}",
                  payload={"invitation": invitation.pk, "round": invitation.round})


def password_reset_email(person: Person, *, nonce: str) -> None:
    """Record one password-reset email (nonce: unique per request, so each request sends one)."""
    outbox.record(PASSWORD_RESET, key=f"reset:{person.pk}:{nonce}", payload={"person": person.pk, "nonce": nonce})


# --- sending (in the worker) ------------------------------------------------------------------------------------

class SendHeld(Exception):
    """Another worker holds this email's claim (it may have died mid-send): the outbox tries again later."""


def _claim(key: str) -> bool:
    """True when this worker may send the email `key` now; False when it has been sent. SendHeld when in flight."""
    now = timezone.now()
    try:
        with transaction.atomic():
            OnboardingEmail.objects.create(key=key, claimed_until=now + CLAIM_LEASE)
        return True
    except IntegrityError:
        pass
    taken = (OnboardingEmail.objects.filter(key=key, sent_at__isnull=True)
             .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
             .update(claimed_until=now + CLAIM_LEASE))
    if taken:
        return True
    if OnboardingEmail.objects.filter(key=key, sent_at__isnull=False).exists():
        return False
    raise SendHeld(key)


def _send(*, key: str, to: str, subject: str, template: str, context: dict) -> bool:
    """Send one email (plain text and HTML) once under `key`. Returns whether it went out now."""
    if not _claim(key):
        return False
    context = {**context, "site": site_url()}
    try:
        text = render_to_string(f"people/email/{template}.txt", context)
        html = render_to_string(f"people/email/{template}.html", context)
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        domain = (site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]) or "townsquare"
        message = EmailMultiAlternatives(subject, text, None, [to], headers={
            "Message-ID": f"<onboarding.{digest}@{domain}>", "Auto-Submitted": "auto-generated"})
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception:
        OnboardingEmail.objects.filter(key=key).update(claimed_until=None)
        raise
    OnboardingEmail.objects.filter(key=key).update(sent_at=timezone.now(), claimed_until=None)
    return True


def on_welcome(payload: dict, attempt: int = 1) -> None:
    person = Person.objects.filter(pk=payload["person"], is_active=True).first()
    welcome = Welcome.objects.filter(person_id=payload["person"]).first()
    if person is None or welcome is None or welcome.round != payload["round"] or person.last_login is not None:
        return  # deactivated, superseded by a resend, or already in: nothing to say
    sso = sso_only()
    sent = _send(key=f"welcome:{person.pk}:{welcome.round}", to=person.email,
                 subject="Welcome to Townsquare" if not sso else "Welcome to Townsquare: sign in with your work account",
                 template="welcome",
                 context={"person": person, "link": welcome_link(person), "sso": sso, "sso_also": sso_enabled(),
                          "days": invitation_days()})
    if sent:
        Welcome.objects.filter(pk=welcome.pk, round=welcome.round).update(sent_at=timezone.now(), sso=sso)


def on_invitation(payload: dict, attempt: int = 1) -> None:
    invitation = Invitation.objects.select_related("invited_by").filter(pk=payload["invitation"]).first()
    if invitation is None or invitation.round != payload["round"] or not invitation.is_open:
        return  # superseded by a resend, withdrawn, used or expired: that link no longer works
    sent = _send(key=f"invitation:{invitation.pk}:{invitation.round}", to=invitation.email,
                 subject=f"{invitation.invited_by.name} invites you to Townsquare", template="invitation",
                 context={"invitation": invitation, "inviter": invitation.invited_by,
                          "link": site_url() + invitation.get_absolute_url(), "sso": sso_only(),
                          "login": site_url() + reverse("login")})
    if sent:
        Invitation.objects.filter(pk=invitation.pk, round=invitation.round).update(sent_at=timezone.now())


def on_password_reset(payload: dict, attempt: int = 1) -> None:
    person = Person.objects.filter(pk=payload["person"], is_active=True).first()
    if person is None:
        return
    # The outbox's key is not passed to handlers; the payload's nonce makes this email's own claim.
    _send(key=f"reset:{person.pk}:{payload.get('nonce', '')}", to=person.email,
          subject="Reset your Townsquare password", template="password_reset",
          context={"person": person, "link": password_reset_link(person), "sso": sso_only(),
                   "valid_for": _duration(settings.PASSWORD_RESET_TIMEOUT)})


def _duration(seconds: int) -> str:
    days, hours = seconds // 86400, max(1, round(seconds / 3600))
    return f"{days} day{'s' if days != 1 else ''}" if days and not seconds % 86400 else f"{hours} hour{'s' if hours != 1 else ''}"


def connect() -> None:
    """Register the handlers (PeopleConfig.ready)."""
    outbox.handler(WELCOME, "people.welcome_email", max_attempts=8)(on_welcome)
    outbox.handler(INVITATION, "people.invitation_email", max_attempts=8)(on_invitation)
    outbox.handler(PASSWORD_RESET, "people.password_reset_email", max_attempts=5)(on_password_reset)
