"""Writes and sends for delivery: preferences, one-click unsubscribe, immediate email and push for bell
notifications, the daily/weekly digest, push subscriptions and outgoing webhooks.

Nothing here is called from a request to send anything: the receivers (receivers.py) and the periodic
tick (tasks.py) hand the work to Huey tasks, which call the functions below. Every send is claimed first
by a row with a unique constraint (NotificationDelivery, DigestEmail) and the claim is released when
sending fails, so a task that runs twice sends once and a failure is retried.
"""

import hashlib
import hmac
import json
import logging
import os
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from townsquare.coach import rules as coach_rules
from townsquare.conversations import access as conv_access
from townsquare.conversations import text as conv_text
from townsquare.conversations.models import Group, Notification, Post
from townsquare.core import audit
from townsquare.core.netguard import check_outgoing_url
from townsquare.core.validation import clean_text
from townsquare.delivery import selectors, vapid
from townsquare.delivery.models import (
    EMAIL_KINDS,
    DeliveryPreference,
    Digest,
    DigestEmail,
    Kind,
    NotificationDelivery,
    PushSubscription,
    Webhook,
    WebhookAttempt,
)
from townsquare.people.models import Person

log = logging.getLogger(__name__)

# Which preference each bell verb falls under.
KIND_OF_VERB = {
    Notification.Verb.MENTION: Kind.MENTION,
    Notification.Verb.QUESTION: Kind.MENTION,  # a question addressed to a leader names them as a mention does
    Notification.Verb.PRAISE: Kind.PRAISE,
    Notification.Verb.ANSWER: Kind.ANSWER,
    Notification.Verb.REPLY: Kind.ANSWER,
    Notification.Verb.BEST_ANSWER: Kind.ANSWER,
    Notification.Verb.COACH: Kind.COACH,
}


def kind_of(verb: str) -> str:
    return KIND_OF_VERB.get(verb, Kind.OTHER)


def site_url() -> str:
    """The address links in emails and webhook payloads start with (SITE_URL, no trailing slash)."""
    return (getattr(settings, "SITE_URL", "") or os.environ.get("SITE_URL", "") or "http://localhost:8000").rstrip("/")


# --- preferences ---------------------------------------------------------------------------------------

@transaction.atomic
def preferences_save(*, person: Person, email: set[str], push: set[str], digest: str) -> DeliveryPreference:
    """email/push: the kinds switched on for each channel; digest: off, daily or weekly."""
    unknown = (set(email) | set(push)) - set(Kind.values)
    if unknown:
        raise ValidationError(f"“{sorted(unknown)[0]}” is not a kind of notification.")
    if digest not in Digest.values:
        raise ValidationError("Choose no digest, every morning, or every Monday morning.")
    values = {f"email_{k}": k in email for k in EMAIL_KINDS}
    values |= {f"push_{k}": k in push for k in Kind.values}
    pref, _ = DeliveryPreference.objects.update_or_create(
        person=person, defaults={**values, "digest": digest, "updated_at": timezone.now()})
    return pref


# --- one-click unsubscribe (RFC 8058) -----------------------------------------------------------------

UNSUBSCRIBE_SALT = "townsquare.delivery.unsubscribe"
# What a link stops: the digest, one kind of immediate email, or every email.
UNSUBSCRIBE_SCOPES = {
    "digest": "the digest", "email": "all email from Townsquare",
    "email_mention": "emails when someone mentions you",
    "email_praise": "emails when someone praises you or your team",
    "email_answer": "emails about replies and answers to your posts",
    "email_other": "emails about everything else in your bell",
}


def unsubscribe_token(person: Person, scope: str) -> str:
    """A signed token for the unsubscribe link: who and what, no sign-in needed. It does not expire, so a
    link in an old email still works; it can do nothing but switch that email off."""
    if scope not in UNSUBSCRIBE_SCOPES:
        raise ValueError(scope)
    return signing.dumps({"p": person.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[Person, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        person = Person.objects.get(pk=data["p"])
        scope = data["s"]
    except (signing.BadSignature, Person.DoesNotExist, KeyError, TypeError, ValueError):
        return None
    return (person, scope) if scope in UNSUBSCRIBE_SCOPES else None


@transaction.atomic
def unsubscribe_apply(*, person: Person, scope: str) -> None:
    pref, _ = DeliveryPreference.objects.select_for_update().get_or_create(person=person)
    if scope in ("digest", "email"):
        pref.digest = Digest.OFF
    if scope == "email":
        for k in EMAIL_KINDS:
            setattr(pref, f"email_{k}", False)
    elif scope.startswith("email_"):
        setattr(pref, scope, False)
    pref.updated_at = timezone.now()
    pref.save()


def unsubscribe_url(person: Person, scope: str) -> str:
    return site_url() + reverse("email_unsubscribe", args=[unsubscribe_token(person, scope)])


def _email(*, person: Person, subject: str, template: str, context: dict, scope: str, message_id: str = "") -> None:
    """Send one email with a plain-text and an HTML body, and the List-Unsubscribe headers of RFC 8058."""
    unsubscribe = unsubscribe_url(person, scope)
    context = {**context, "person": person, "site": site_url(), "unsubscribe_url": unsubscribe,
               "unsubscribe_what": UNSUBSCRIBE_SCOPES[scope], "preferences_url": site_url() + reverse("delivery_preferences")}
    with timezone.override(coach_rules.zone_of(person)):
        text = render_to_string(f"delivery/email/{template}.txt", context)
        html = render_to_string(f"delivery/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, None, [person.email], headers={
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        **({"Message-ID": message_id} if message_id else {}),
    })
    message.attach_alternative(html, "text/html")
    message.send()


# --- immediate email and push for bell notifications -------------------------------------------------

@dataclass
class DeliveryRun:
    emailed: int = 0
    pushed: int = 0
    failed: int = 0
    held: int = 0  # in flight in another worker, or in one that died and whose lease has not run out yet


def wanted(notifications: list[Notification]) -> list[int]:
    """The ids among `notifications` that someone wants by email or push (one query for preferences, one
    for devices), so a reaction nobody wants pushed enqueues nothing."""
    if not notifications:
        return []
    recipients = {n.recipient_id for n in notifications}
    prefs = {p.person_id: p for p in DeliveryPreference.objects.filter(person_id__in=recipients)}
    with_devices = set(PushSubscription.objects.filter(person_id__in=recipients).values_list("person_id", flat=True))
    default = DeliveryPreference()
    ids = []
    for n in notifications:
        pref, kind = prefs.get(n.recipient_id, default), kind_of(n.verb)
        if pref.wants("email", kind) or (n.recipient_id in with_devices and pref.wants("push", kind)):
            ids.append(n.pk)
    return ids


# How long a claimed send may stay in flight before another worker may take it over (its worker died mid-send).
CLAIM_LEASE = timedelta(seconds=int(os.environ.get("DELIVERY_CLAIM_LEASE_SECONDS", "120")))


class Claim:
    """What _claim found: ours to send now, already sent, or held by a send still in flight elsewhere."""

    OURS, SENT, HELD = "ours", "sent", "held"


def _claim(notification: Notification, channel: str) -> str:
    """Claim one send: a new row, or one left in flight by a worker that died more than CLAIM_LEASE ago."""
    now = timezone.now()
    try:
        with transaction.atomic():
            NotificationDelivery.objects.create(notification=notification, channel=channel, in_flight=True,
                                                sent_at=now)
    except IntegrityError:
        taken = NotificationDelivery.objects.filter(
            notification=notification, channel=channel, in_flight=True, sent_at__lt=now - CLAIM_LEASE,
        ).update(sent_at=now)
        if taken:
            return Claim.OURS
        in_flight = NotificationDelivery.objects.filter(notification=notification, channel=channel,
                                                        in_flight=True).exists()
        return Claim.HELD if in_flight else Claim.SENT
    return Claim.OURS


def _sent(notification: Notification, channel: str) -> None:
    NotificationDelivery.objects.filter(notification=notification, channel=channel).update(
        in_flight=False, sent_at=timezone.now())


def _release(notification: Notification, channel: str) -> None:
    NotificationDelivery.objects.filter(notification=notification, channel=channel).delete()


def notification_subject(n: Notification) -> str:
    # One line whatever a name holds (a name stored before names were checked could hold a line break,
    # and a line break in a header makes the email fail).
    return " ".join(n.sentence.split())[:150]


def notification_excerpt(n: Notification, limit: int = 280) -> str:
    if n.post_id is None:
        return ""
    return conv_text.cut(" ".join(filter(None, [" ".join(n.post.title.split()), conv_text.plain(n.post.body)])), limit)


def push_payload(n: Notification) -> dict:
    """What the service worker shows: the title, one line, and the page to open (a path on this site)."""
    excerpt = notification_excerpt(n, 120)
    return {"title": notification_subject(n), "body": excerpt or "Open Townsquare to see it.",
            "url": n.get_absolute_url(), "tag": f"notification-{n.pk}"}


def _in_quiet_hours(person: Person, now: datetime, quiet) -> bool:
    """The quiet hours a person set for the coach also hold back push (the bell still has everything). `quiet`:
    the CoachPreference of the run's people who have one (_quiet_hours_of)."""
    pref = quiet.get(person.pk)
    if pref is None:
        return False
    return coach_rules.in_quiet_hours(now.astimezone(coach_rules.zone_of(person)).time(), pref.quiet_start,
                                      pref.quiet_end)


def _quiet_hours_of(person_ids) -> dict:
    from townsquare.coach.models import CoachPreference

    return {p.person_id: p for p in CoachPreference.objects.filter(person_id__in=person_ids)
            .only("person_id", "quiet_start", "quiet_end")}


IMMEDIATE_MAX_AGE = timedelta(hours=6)


def still_readable(notes: list[Notification]) -> list[Notification]:
    """The notifications whose recipient may still read the post they are about (memberships change
    between the bell and the send): nothing leaves for a post its recipient can no longer open."""
    by_post: dict[int, set[int]] = {}
    posts = {}
    for n in notes:
        if n.post_id:
            by_post.setdefault(n.post_id, set()).add(n.recipient_id)
            posts[n.post_id] = n.post
    allowed = {pk: conv_access.readers_among(posts[pk], ids) for pk, ids in by_post.items()}
    return [n for n in notes if not n.post_id or n.recipient_id in allowed[n.post_id]]


def deliver_notifications(ids: list[int], now: datetime | None = None) -> DeliveryRun:
    """Email and push the given bell notifications to the people who asked for them. Idempotent per
    (notification, channel); what failed is released so the task's retry sends it."""
    now = now or timezone.now()
    run = DeliveryRun()
    # Already read in the bell, or too old to be news (a queue that was stuck for hours): nothing to send.
    notes = list(Notification.objects.filter(pk__in=ids, recipient__is_active=True, read_at__isnull=True,
                                             created_at__gte=now - IMMEDIATE_MAX_AGE)
                 .select_related("recipient", "actor", "post", "group"))
    notes = still_readable(notes)
    recipients = {n.recipient_id for n in notes}
    prefs = {p.person_id: p for p in DeliveryPreference.objects.filter(person_id__in=recipients)}
    # Read once for the whole run, not per notification: most people have no device (then no push at all).
    devices_of: dict[int, list[PushSubscription]] = {}
    for sub in PushSubscription.objects.filter(person_id__in=recipients).order_by("pk"):
        devices_of.setdefault(sub.person_id, []).append(sub)
    quiet = _quiet_hours_of(devices_of)
    for n in notes:
        person, kind = n.recipient, kind_of(n.verb)
        pref = prefs.get(person.pk) or DeliveryPreference(person=person)
        claim = _claim(n, NotificationDelivery.Channel.EMAIL) if pref.wants("email", kind) and person.email else None
        run.held += claim == Claim.HELD
        if claim == Claim.OURS:
            try:
                _email(person=person, subject=notification_subject(n), template="notification", scope=f"email_{kind}",
                       context={"n": n, "excerpt": notification_excerpt(n), "url": site_url() + n.get_absolute_url()},
                       message_id=f"<notification-{n.pk}@{urlsplit(site_url()).hostname or 'townsquare'}>")
            except Exception:
                log.exception("delivery: could not email notification %s", n.pk)
                _release(n, NotificationDelivery.Channel.EMAIL)
                run.failed += 1
            else:
                _sent(n, NotificationDelivery.Channel.EMAIL)
                run.emailed += 1
        devices = devices_of.get(person.pk, [])
        if devices and pref.wants("push", kind) and not _in_quiet_hours(person, now, quiet):
            claim = _claim(n, NotificationDelivery.Channel.PUSH)
            run.held += claim == Claim.HELD
            if claim == Claim.OURS:
                sent, failed = push_send(devices, push_payload(n))
                if failed and not sent:
                    _release(n, NotificationDelivery.Channel.PUSH)
                    run.failed += 1
                else:
                    _sent(n, NotificationDelivery.Channel.PUSH)
                run.pushed += sent
    return run


# --- Web Push -----------------------------------------------------------------------------------------

ENDPOINT_MAX = 1000


@transaction.atomic
def push_subscribe(*, person: Person, endpoint: str, p256dh: str, auth: str, user_agent: str = "") -> PushSubscription:
    """Store (or move to this person) the browser's push subscription. An endpoint belongs to one browser,
    so a second person signing in on the same device takes it over."""
    endpoint = (endpoint or "").strip()
    if not endpoint:
        raise ValidationError("The subscription has no endpoint. Try turning notifications on again.")
    if len(endpoint) > ENDPOINT_MAX:
        raise ValidationError(f"The endpoint is longer than {ENDPOINT_MAX} characters.")
    try:
        URLValidator(schemes=["https", "http"])(endpoint)
    except ValidationError:
        raise ValidationError("The endpoint is not an http(s) address.") from None
    check_outgoing_url(endpoint, allow_list_setting="PUSH_ALLOWED_HOSTS", what="push endpoint")
    for name, value, size in (("p256dh", p256dh, (80, 100)), ("auth", auth, (16, 30))):
        value = (value or "").strip().rstrip("=")
        if not (size[0] <= len(value) <= size[1]) or not all(c.isalnum() or c in "-_" for c in value):
            raise ValidationError(f"The subscription's {name} key is missing or malformed.")
    sub, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"person": person, "p256dh": p256dh.strip(), "auth": auth.strip(),
                                     "user_agent": (user_agent or "")[:300]})
    return sub


def push_unsubscribe(*, person: Person, endpoint: str = "", subscription_id: int | None = None) -> int:
    """Forget one of the person's devices (by endpoint or id). Returns how many were removed (0 or 1)."""
    qs = PushSubscription.objects.filter(person=person)
    if subscription_id is not None:
        qs = qs.filter(pk=subscription_id)
    elif endpoint:
        qs = qs.filter(endpoint=endpoint)
    else:
        return 0
    return qs.delete()[0]


PUSH_TTL = 24 * 3600  # a phone that is off for a day does not need yesterday's mention


def push_send(devices: list[PushSubscription], payload: dict) -> tuple[int, int]:
    """Send `payload` (JSON) to each device. A device the push service no longer knows (404/410) is deleted.
    Returns (sent, failed)."""
    from pywebpush import WebPushException, webpush

    data = json.dumps(payload)
    sent = failed = 0
    key = vapid.key()
    for device in devices:
        try:
            check_outgoing_url(device.endpoint, allow_list_setting="PUSH_ALLOWED_HOSTS", what="push endpoint")
        except ValidationError as exc:  # its host now resolves inward: never send there
            log.warning("delivery: push to subscription %s refused: %s", device.pk, exc.messages[0])
            failed += 1
            continue
        try:
            webpush(device.info(), data=data, vapid_private_key=key, vapid_claims={"sub": vapid.subject()},
                    ttl=PUSH_TTL, timeout=10)
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                PushSubscription.objects.filter(pk=device.pk).delete()
                log.info("delivery: push subscription %s has expired; removed", device.pk)
            else:
                log.warning("delivery: push to subscription %s failed: %s", device.pk, str(exc)[:200])
                failed += 1
        except Exception as exc:  # the push service is unreachable
            log.warning("delivery: push to subscription %s failed: %s", device.pk, str(exc)[:200])
            failed += 1
        else:
            PushSubscription.objects.filter(pk=device.pk).update(last_sent_at=timezone.now())
            sent += 1
    return sent, failed


def push_test(person: Person) -> tuple[int, int]:
    return push_send(list(PushSubscription.objects.filter(person=person)), {
        "title": "Notifications are on", "body": "This is how Townsquare will tap you on the shoulder.",
        "url": reverse("delivery_preferences"), "tag": "townsquare-test"})


# --- the digest -----------------------------------------------------------------------------------------

DIGEST_SEND_AT = time(8, 0)  # local time; the weekly digest goes on Mondays
DIGEST_CATCH_UP = {Digest.DAILY: timedelta(days=0), Digest.WEEKLY: timedelta(days=1)}
DIGEST_REQUEUE_AFTER = timedelta(minutes=15)  # a claimed digest that failed is tried again after this


@dataclass
class DigestRun:
    created: int = 0
    emailed: int = 0
    empty: int = 0
    failed: int = 0
    pending: list[int] = field(default_factory=list)


def digest_period(frequency: str, local_now: datetime) -> tuple:
    """(period_start, since) for a digest due at `local_now`, or None when none is due yet.
    Daily: from 08:00 on that local day (catch-up the same day only). Weekly: from Monday 08:00 until
    Tuesday night. `since` is when the period it reports on began (a day or a week earlier)."""
    today = local_now.date()
    if frequency == Digest.DAILY:
        start, back = today, timedelta(days=1)
    elif frequency == Digest.WEEKLY:
        start, back = coach_rules.week_start(today), timedelta(days=7)
    else:
        return None
    if today - start > DIGEST_CATCH_UP[frequency] or (today == start and local_now.time() < DIGEST_SEND_AT):
        return None
    since = datetime.combine(start, DIGEST_SEND_AT, tzinfo=local_now.tzinfo) - back
    return start, since


def digests_decide(now: datetime | None = None) -> DigestRun:
    """Record the digests due now, at most one per person, frequency and period (bulk insert; the unique
    constraint makes a repeat a no-op), and return the ids waiting to be sent."""
    now = now or timezone.now()
    run = DigestRun()
    prefs = dict(DeliveryPreference.objects.values_list("person_id", "digest"))
    default = DeliveryPreference._meta.get_field("digest").default
    due = []
    for person in Person.objects.filter(is_active=True).only("id", "time_zone").iterator(chunk_size=2000):
        frequency = prefs.get(person.pk, default)
        if frequency == Digest.OFF:
            continue
        period = digest_period(frequency, now.astimezone(coach_rules.zone_of(person)))
        if period:
            due.append(DigestEmail(person_id=person.pk, frequency=frequency, period_start=period[0], created_at=now))
    if due:
        DigestEmail.objects.bulk_create(due, ignore_conflicts=True, batch_size=1000)
        run.created = DigestEmail.objects.filter(created_at=now).count()
    # This run's new rows, plus rows a worker never got to or that failed, once DIGEST_REQUEUE_AFTER has passed.
    stale = now - DIGEST_REQUEUE_AFTER
    run.pending = list(DigestEmail.objects.filter(
        Q(created_at=now) | Q(attempted_at__lt=stale) | Q(attempted_at__isnull=True, created_at__lt=stale),
        sent_at__isnull=True, empty=False, created_at__gte=now - timedelta(days=2)).values_list("pk", flat=True))
    return run


def digests_send(ids: list[int], now: datetime | None = None) -> DigestRun:
    """Claim, write and send each digest. One that failed is released for a later tick; one with nothing
    to tell is marked empty and sends nothing."""
    now = now or timezone.now()
    run = DigestRun()
    for digest in DigestEmail.objects.filter(pk__in=ids, sent_at__isnull=True, empty=False).select_related("person"):
        if not DigestEmail.objects.filter(pk=digest.pk, sent_at__isnull=True).update(sent_at=now, attempted_at=now):
            continue  # another worker has it
        person = digest.person
        tz = coach_rules.zone_of(person)
        since = datetime.combine(digest.period_start, DIGEST_SEND_AT, tzinfo=tz) - (
            timedelta(days=1) if digest.frequency == Digest.DAILY else timedelta(days=7))
        content = selectors.digest_content(person, since=since, until=max(now, since))
        if not person.is_active or not person.email or content.is_empty:
            DigestEmail.objects.filter(pk=digest.pk).update(empty=True)
            run.empty += 1
            continue
        try:
            _email(person=person, subject=content.subject, template="digest", scope="digest",
                   context={"c": content, "frequency": digest.frequency})
        except Exception:
            log.exception("delivery: could not email digest %s", digest.pk)
            DigestEmail.objects.filter(pk=digest.pk).update(sent_at=None)
            run.failed += 1
            continue
        run.emailed += 1
    return run


# --- outgoing webhooks ---------------------------------------------------------------------------------

WEBHOOK_MAX_ATTEMPTS = 5
WEBHOOK_TIMEOUT = 10  # seconds per attempt
WEBHOOK_CONCURRENCY = 8  # attempts in flight at once per worker process
_webhook_client = None
_webhook_client_lock = threading.Lock()


def _webhook_http():
    """One HTTP client per process for every webhook: it keeps connections to receivers open, and its TLS set-up
    (which costs more than a POST to a nearby receiver) is done once, not per attempt. httpx clients are safe to
    share between threads."""
    global _webhook_client
    import httpx

    with _webhook_client_lock:
        if _webhook_client is None:
            _webhook_client = httpx.Client(timeout=WEBHOOK_TIMEOUT, follow_redirects=False)
        return _webhook_client


def webhook_backoff(attempt: int) -> int:
    """Seconds to wait after failed attempt `attempt` (1-based): 30 s × 4^(attempt−1) — 30 s, 2 min, 8 min,
    32 min — and no fifth wait: attempt 5 is the last."""
    return 30 * 4 ** (attempt - 1)


def can_manage_webhooks(person) -> bool:
    return bool(person.is_authenticated and person.is_active and person.is_staff)


def webhook_groups_for(admin: Person):
    """The groups an admin may send to a webhook: those whose posts they can read themselves (public groups and
    their own). Org admins get no extra read access to group content, so neither do their webhooks."""
    return Group.objects.filter(pk__in=conv_access.readable_group_ids(admin)).order_by("name")


def _check_webhook(*, admin: Person, name: str, url: str, groups: list[Group], company_wide: bool) -> tuple[str, str]:
    if not can_manage_webhooks(admin):
        raise PermissionDenied("Only organisation admins manage webhooks.")
    name = clean_text(name, what="name", max_chars=100, empty="Give the webhook a name, so you know what it is for.")
    url = clean_text(url, what="address", max_chars=500, empty="Write the address to send posts to.")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(f"“{url[:80]}” is not a web address. It must start with https:// or http://.") from None
    check_outgoing_url(url, allow_list_setting="WEBHOOK_ALLOWED_HOSTS", what="webhook address")
    allowed = set(webhook_groups_for(admin).values_list("pk", flat=True))
    if any(g.pk not in allowed for g in groups):
        raise ValidationError("You can only choose groups whose posts you can read yourself.")
    if not groups and not company_wide:
        raise ValidationError("Choose company-wide posts, at least one group, or both.")
    return name, url


@transaction.atomic
def webhook_create(*, admin: Person, name: str, url: str, groups: list[Group], company_wide: bool) -> Webhook:
    name, url = _check_webhook(admin=admin, name=name, url=url, groups=groups, company_wide=company_wide)
    hook = Webhook.objects.create(name=name, url=url, company_wide=company_wide, created_by=admin)
    hook.groups.set(groups)
    audit.record(actor=admin, action="webhook.create", target=hook, after=_webhook_audit(hook, groups))
    return hook


def _webhook_audit(hook: Webhook, groups) -> dict:
    """What the audit log keeps of a webhook: never its secret."""
    return {"name": hook.name, "url": hook.url, "company_wide": hook.company_wide, "enabled": hook.enabled,
            "groups": sorted(g.name for g in groups)}


@transaction.atomic
def webhook_update(*, admin: Person, webhook: Webhook, name: str, url: str, groups: list[Group],
                   company_wide: bool) -> Webhook:
    name, url = _check_webhook(admin=admin, name=name, url=url, groups=groups, company_wide=company_wide)
    before = _webhook_audit(webhook, list(webhook.groups.all()))
    webhook.name, webhook.url, webhook.company_wide = name, url, company_wide
    webhook.save(update_fields=["name", "url", "company_wide"])
    webhook.groups.set(groups)
    audit.record(actor=admin, action="webhook.update", target=webhook, before=before, after=_webhook_audit(webhook, groups))
    return webhook


@transaction.atomic
def webhook_set_enabled(*, admin: Person, webhook: Webhook, enabled: bool) -> Webhook:
    if not can_manage_webhooks(admin):
        raise PermissionDenied("Only organisation admins manage webhooks.")
    was = webhook.enabled
    webhook.enabled = enabled
    webhook.save(update_fields=["enabled"])
    if was != enabled:
        audit.record(actor=admin, action="webhook.enable" if enabled else "webhook.disable", target=webhook,
                     before={"enabled": was}, after={"enabled": enabled})
    return webhook


def webhook_new_secret(*, admin: Person, webhook: Webhook) -> Webhook:
    if not can_manage_webhooks(admin):
        raise PermissionDenied("Only organisation admins manage webhooks.")
    from townsquare.delivery.models import _new_secret

    with transaction.atomic():
        webhook.secret = _new_secret()
        webhook.save(update_fields=["secret"])
        audit.record(actor=admin, action="webhook.secret_reset", target=webhook, detail="A new signing secret was made.")
    return webhook


def webhook_delete(*, admin: Person, webhook: Webhook) -> None:
    if not can_manage_webhooks(admin):
        raise PermissionDenied("Only organisation admins manage webhooks.")
    with transaction.atomic():
        audit.record(actor=admin, action="webhook.delete", target=webhook,
                     before=_webhook_audit(webhook, list(webhook.groups.all())))
        webhook.delete()


def sign(secret: str, body: bytes) -> str:
    """The X-Townsquare-Signature header: "sha256=" + hex HMAC-SHA256 of the raw request body with the
    webhook's secret. Receivers compute the same over the bytes they received and compare in constant time."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_payload(post: Post) -> dict:
    """A new post as a webhook sees it: only what any reader of the post's group (or anyone, company-wide)
    can read on the post's page — no reactions, viewers or anything personal."""
    return {
        "id": post.pk, "kind": post.kind, "title": post.title, "body": post.body,
        "url": site_url() + post.get_absolute_url(),
        "created_at": post.created_at.isoformat(),
        "author": {"name": post.author.name, "handle": post.author.handle},
        "group": {"slug": post.group.slug, "name": post.group.name} if post.group_id else None,
        "topics": sorted(post.topics.values_list("name", flat=True)),
    }


def event_body(event: str, data: dict, delivery_id: str) -> str:
    return json.dumps({"event": event, "delivery_id": delivery_id, "data": data}, separators=(",", ":"),
                      ensure_ascii=False)


def webhooks_for_post(post: Post) -> list[Webhook]:
    """Enabled webhooks that asked for this post: company-wide ones for a post with no group, else those
    that chose its group and whose creator can still read that group."""
    return webhooks_for_posts([post])[post.pk]


def webhooks_for_posts(posts: list[Post]) -> dict[int, list[Webhook]]:
    """webhooks_for_post for many posts (the worker's batch): the enabled webhooks are read once, not per post."""
    hooks = list(Webhook.objects.filter(enabled=True).select_related("created_by").prefetch_related("groups")
                 .order_by("pk"))
    chosen = {h.pk: {g.pk for g in h.groups.all()} for h in hooks}
    wanted: dict[int, list[Webhook]] = {}
    for post in posts:
        if post.audience != Post.Audience.OPEN:  # a preview for chosen people: no webhook until it is widened
            wanted[post.pk] = []
        elif post.group_id is None:
            wanted[post.pk] = [h for h in hooks if h.company_wide]
        else:
            wanted[post.pk] = [h for h in hooks if post.group_id in chosen[h.pk] and h.created_by
                               and h.created_by.is_active and conv_access.can_read_group_posts(h.created_by, post.group)]
    return wanted


@dataclass
class AttemptResult:
    attempt: WebhookAttempt | None
    retry_in: int | None = None  # seconds until the next attempt, None when done


def webhook_attempt(*, webhook_id: int, delivery_id: str, event: str, body: str, attempt: int,
                    now: datetime | None = None) -> AttemptResult:
    """POST one event to one webhook and log the attempt. A 2xx answer is success; anything else (or no
    answer) is retried with backoff up to WEBHOOK_MAX_ATTEMPTS. A webhook that was disabled or deleted
    meanwhile gets nothing; a repeat of a logged attempt (a replayed task) sends nothing."""
    import httpx

    hook = Webhook.objects.filter(pk=webhook_id, enabled=True).first()
    if hook is None:
        return AttemptResult(None)
    # The attempt is logged before the POST goes out, so a worker killed mid-request leaves a record (and
    # the outbox tries again with the next attempt number); a replay of a logged attempt sends nothing.
    row, created = WebhookAttempt.objects.get_or_create(
        webhook=hook, delivery_id=delivery_id, attempt=attempt,
        defaults={"event": event, "ok": False, "error": "Sending: no answer yet (if this stays, the worker stopped)."})
    if not created:
        return AttemptResult(None)
    raw = body.encode()
    stamp = str(int((now or timezone.now()).timestamp()))
    headers = {"Content-Type": "application/json", "User-Agent": "Townsquare-Webhooks/1",
               "X-Townsquare-Event": event, "X-Townsquare-Delivery": delivery_id,
               "X-Townsquare-Timestamp": stamp, "X-Townsquare-Signature": sign(hook.secret, raw)}
    status, error = None, ""
    try:
        check_outgoing_url(hook.url, allow_list_setting="WEBHOOK_ALLOWED_HOSTS", what="webhook address")
        response = _webhook_http().post(hook.url, content=raw, headers=headers)
        status = response.status_code
        if not 200 <= status < 300:
            error = f"The server answered {status} {response.reason_phrase}."[:300]
    except httpx.HTTPError as exc:
        error = f"No answer: {type(exc).__name__}: {exc}"[:300]
    except ValidationError as exc:
        error = f"Not sent: {exc.messages[0]}"[:300]
    ok = not error
    retry_in = None if ok or attempt >= WEBHOOK_MAX_ATTEMPTS else webhook_backoff(attempt)
    row.status_code, row.ok, row.error = status, ok, error
    row.next_attempt_at = timezone.now() + timedelta(seconds=retry_in) if retry_in else None
    row.save(update_fields=["status_code", "ok", "error", "next_attempt_at"])
    return AttemptResult(row, retry_in)


def new_delivery_id() -> str:
    return str(uuid.uuid4())


def ping_data(webhook: Webhook, admin: Person) -> dict:
    return {"webhook": webhook.name, "sent_by": admin.name,
            "message": "A test from Townsquare. If you can read this, the webhook works."}


@transaction.atomic
def webhook_ping(*, admin: Person, webhook: Webhook) -> str:
    """Send a test event through the same outbox as real ones; returns its delivery id."""
    from townsquare.delivery import receivers

    key = new_delivery_id()
    return receivers.webhook_send(hook_id=webhook.pk, event="ping", data=ping_data(webhook, admin), key=f"ping:{key}")
