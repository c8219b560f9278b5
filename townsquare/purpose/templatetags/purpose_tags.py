"""{% profile_purpose person as p %}: what a profile shows of a person's purpose and manifesto.

Goes through the access functions, so only the published manifesto ever reaches a profile."""

from django import template

from townsquare.purpose import access

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_purpose(context, person) -> dict:
    viewer = context["request"].user
    return {"purpose": access.purpose_of(viewer, person), "manifesto": access.published_manifesto_of(viewer, person)}
