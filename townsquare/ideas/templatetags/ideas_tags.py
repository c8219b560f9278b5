"""Template tags other apps' templates use: the composer's value select and the profile's counts."""

from django import template

from townsquare.ideas import selectors

register = template.Library()


@register.simple_tag
def company_values() -> list:
    """Active company values, for the composer's "Value" select (praise only)."""
    return selectors.active_values()


@register.simple_tag(takes_context=True)
def recognition_counts(context, person) -> dict:
    return selectors.recognition_counts(context["request"].user, person)
