"""Template tags of governance: the report and moderate links under a post or reply, and whether to link the queue."""

from django import template

from townsquare.conversations.models import Reply
from townsquare.governance import access

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_links(context, content) -> dict:
    """{"report": …, "moderate": …} for the signed-in reader and a post or reply they can read."""
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return {}
    if isinstance(content, Reply):
        post = context.get("post")
        group = post.group if post is not None and post.pk == content.post_id else content.post.group
    else:
        group = content.group
    # Asked once per request and group, not once per reply: kept on the request, since each reply's slot is its
    # own include (and render_context is not shared between includes).
    holder = context.get("request") or user
    cache = holder.__dict__.setdefault("_governance_can_moderate", {})
    key = getattr(group, "pk", None)
    if key not in cache:
        cache[key] = access.can_moderate(user, group)
    own = content.author_id == user.pk
    # A hidden post or reply is not reported again; a moderator sees the way to review it.
    return {"report": not own and content.hidden_at is None, "moderate": cache[key] and not own}


@register.filter
def moderates(user) -> bool:
    return access.is_moderator(user)
