"""Reads for delivery: a person's preferences and devices, the digest's content, webhooks and their log."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, OuterRef, Q, Subquery

from townsquare.conversations import access as conv_access
from townsquare.conversations import selectors as conv_selectors
from townsquare.conversations.models import Follow, Notification, Post
from townsquare.delivery.models import DeliveryPreference, PushSubscription, Webhook, WebhookAttempt

DIGEST_NOTIFICATIONS = 8  # unread notifications listed by name; the rest are counted
DIGEST_TOP_POSTS = 5
WEBHOOK_LOG_SIZE = 50


def preference_for(person) -> DeliveryPreference:
    """The saved preferences, or the defaults (unsaved) for someone who never changed them."""
    return DeliveryPreference.objects.filter(person=person).first() or DeliveryPreference(person=person)


def devices_of(person) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(person=person).order_by("-created_at"))


@dataclass
class DigestContent:
    """What a digest tells: unread bell notifications and the posts that drew the most response, from people
    and groups the person follows, since `since`."""

    since: datetime
    until: datetime
    unread: list[Notification] = field(default_factory=list)
    unread_total: int = 0
    top_posts: list[Post] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.unread_total and not self.top_posts

    @property
    def subject(self) -> str:
        parts = []
        if self.unread_total:
            parts.append(f"{self.unread_total} notification{'s' if self.unread_total != 1 else ''} waiting")
        if self.top_posts:
            parts.append(f"{len(self.top_posts)} post{'s' if len(self.top_posts) != 1 else ''} worth a look")
        return "What you missed on Townsquare: " + " and ".join(parts)

    @property
    def more_unread(self) -> int:
        return self.unread_total - len(self.unread)


def digest_content(person, *, since: datetime, until: datetime) -> DigestContent:
    """Four queries: unread notifications (a page and the count), the follows, the top posts. Posts are read
    through posts_visible_to, so the digest never shows what the person could not open."""
    content = DigestContent(since=since, until=until)
    unread = conv_selectors.notifications_visible_to(person).filter(read_at__isnull=True, created_at__gte=since,
                                                                     created_at__lt=until)
    content.unread = list(unread.select_related("actor", "post", "group")[:DIGEST_NOTIFICATIONS])
    content.unread_total = len(content.unread) if len(content.unread) < DIGEST_NOTIFICATIONS else unread.count()
    follows = list(Follow.objects.filter(follower=person, target_kind__in=[Follow.Target.PERSON, Follow.Target.GROUP])
                   .values_list("target_kind", "target_id"))
    people = [t for k, t in follows if k == Follow.Target.PERSON]
    groups = [t for k, t in follows if k == Follow.Target.GROUP]
    if people or groups:
        content.top_posts = list(
            conv_access.posts_visible_to(person)
            .filter(Q(author_id__in=people) | Q(group_id__in=groups), created_at__gte=since, created_at__lt=until)
            .exclude(author=person)
            .alias(response=F("reaction_count") + F("reply_count"))
            .filter(response__gt=0)
            .select_related("author", "group")
            .order_by("-response", "-created_at")[:DIGEST_TOP_POSTS])
    return content


def webhooks() -> list[Webhook]:
    """Every webhook with its groups and its newest attempt (last_ok, last_status, last_at), in two queries."""
    newest = WebhookAttempt.objects.filter(webhook=OuterRef("pk")).order_by("-created_at", "-id")
    return list(Webhook.objects.prefetch_related("groups")
                .annotate(last_ok=Subquery(newest.values("ok")[:1]), last_status=Subquery(newest.values("status_code")[:1]),
                          last_at=Subquery(newest.values("created_at")[:1]))
                .order_by("name", "id"))


def webhook_log(webhook: Webhook) -> list[WebhookAttempt]:
    return list(WebhookAttempt.objects.filter(webhook=webhook).order_by("-created_at", "-id")[:WEBHOOK_LOG_SIZE])
