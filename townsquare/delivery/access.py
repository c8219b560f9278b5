"""Who may see what in delivery. Preferences, devices and unsubscribing are always the signed-in person's
own (no route takes a person; the unsubscribe link carries a signed token instead). Webhooks are for
organisation admins only: to everyone else they do not exist (404)."""

from django.http import Http404

from townsquare.delivery.models import Webhook
from townsquare.delivery.services import can_manage_webhooks


def require_webhook_admin(person) -> None:
    if not can_manage_webhooks(person):
        raise Http404("No such page")


def access_webhook(person, webhook_id: int) -> Webhook:
    require_webhook_admin(person)
    hook = Webhook.objects.filter(pk=webhook_id).prefetch_related("groups").first()
    if hook is None:
        raise Http404("No such webhook")
    return hook
