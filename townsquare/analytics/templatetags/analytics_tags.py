"""{% can_see_post_analytics post as ok %}: whether the signed-in person may open the post's analytics (the
rule is access.can_see_post_analytics, the one the analytics page itself applies)."""

from django import template

from townsquare.analytics import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can_see_post_analytics(context, post) -> bool:
    request = context.get("request")
    return bool(request and post is not None and access.can_see_post_analytics(request.user, post))
