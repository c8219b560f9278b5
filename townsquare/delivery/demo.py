"""Demo data for delivery: about a third of the organisation has changed their email and push preferences
(some daily digests, some no digest, a few who want everything), the CEO gets a daily digest, and the demo
admin has two webhooks with a delivery log — both off, so the demo never calls an address that does not exist.
Deterministic for gen.seed; one bulk insert per table, quick at 10,000 people."""

import random
import uuid
from datetime import UTC, datetime, timedelta

from townsquare.conversations.models import Group
from townsquare.delivery.models import DeliveryPreference, Digest, Webhook, WebhookAttempt
from townsquare.people.models import Person

# (share of the people who changed anything, and what they chose)
PROFILES = [
    (0.40, dict(digest=Digest.DAILY)),
    (0.25, dict(digest=Digest.OFF, email_praise=False)),
    (0.15, dict(digest=Digest.WEEKLY, email_other=True, push_other=True)),
    (0.20, dict(digest=Digest.WEEKLY, email_mention=True, email_praise=False, email_answer=False)),
]


def seed(gen) -> None:
    rng = random.Random(f"{gen.seed}:delivery")
    now = datetime.fromtimestamp(gen.now, UTC)
    shares, choices = [s for s, _ in PROFILES], [c for _, c in PROFILES]
    prefs = {}
    for p in gen.P:
        if p is gen.ceo:
            prefs[p.id] = dict(digest=Digest.DAILY, email_answer=False)
        elif rng.random() < 0.33:
            prefs[p.id] = rng.choices(choices, shares)[0]
    existing = set(DeliveryPreference.objects.filter(person_id__in=prefs).values_list("person_id", flat=True))
    DeliveryPreference.objects.bulk_create(
        [DeliveryPreference(person_id=pid, updated_at=now - timedelta(days=rng.randint(1, 40)), **values)
         for pid, values in prefs.items() if pid not in existing], batch_size=2000)

    admin = Person.objects.filter(pk=gen.admin.id).first()
    if admin is None or Webhook.objects.exists():
        return
    public = list(Group.objects.filter(visibility=Group.Visibility.PUBLIC).order_by("id")[:40])
    archive = Webhook.objects.create(name="Intranet news archive", url="https://intranet.example.com/hooks/townsquare",
                                     company_wide=True, enabled=False, created_by=admin,
                                     created_at=now - timedelta(days=30))
    chat = Webhook.objects.create(name="Community chat channel", url="https://chat.example.com/api/incoming/ts-demo",
                                  company_wide=False, enabled=False, created_by=admin, created_at=now - timedelta(days=12))
    if public:
        chat.groups.set(rng.sample(public, min(2, len(public))))
    rows = []
    for hook, days in ((archive, 30), (chat, 12)):
        moment = now - timedelta(days=days)
        while moment < now - timedelta(days=1):
            moment += timedelta(hours=rng.randint(3, 30))
            delivery = str(uuid.UUID(int=rng.getrandbits(128)))
            if rng.random() < 0.08:  # the other end was down for a while, then took it
                rows.append(WebhookAttempt(webhook=hook, delivery_id=delivery, event="post.published", attempt=1,
                                           status_code=503, ok=False, error="The server answered 503 Service Unavailable.",
                                           next_attempt_at=moment + timedelta(seconds=30), created_at=moment))
                rows.append(WebhookAttempt(webhook=hook, delivery_id=delivery, event="post.published", attempt=2,
                                           status_code=200, ok=True, created_at=moment + timedelta(seconds=31)))
            else:
                rows.append(WebhookAttempt(webhook=hook, delivery_id=delivery, event="post.published", attempt=1,
                                           status_code=200, ok=True, created_at=moment))
    WebhookAttempt.objects.bulk_create(rows)
