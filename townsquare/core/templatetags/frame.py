"""`{% frame_tabs %}` and `{% frame_account %}`: base.html's top bar from the frame cache (core/frame.py)."""

from django import template

from townsquare.core import frame

register = template.Library()


@register.simple_tag(takes_context=True)
def frame_tabs(context):
    match = context["request"].resolver_match
    return frame.tabs_html(current=match.url_name if match else None)


@register.simple_tag(takes_context=True)
def frame_account(context):
    unread = context.get("unread_notifications", 0)
    return frame.account_html(person=context["user"], unread=unread() if callable(unread) else unread,
                              csrf_token=context.get("csrf_token"))
