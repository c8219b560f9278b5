"""`{% slot "name" %}`: the templates feature packages registered for that place (conversations/extensions.py),
rendered with the page's own context."""

from django import template
from django.utils.safestring import mark_safe

from townsquare.conversations import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str):
    engine = context.template.engine
    return mark_safe("".join(engine.get_template(t).render(context) for t in extensions.slot_templates(name)))
