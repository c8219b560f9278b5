"""{% feedback_for_post post as fb %} for the post page's slot: the post's feedback request as the reader may see
it — the author their own request with a small summary (`fb.summary`), an invited person or reader one they may
answer (`fb.answered` says whether they have) — or None. Nobody else learns that a request exists."""

from django import template

from townsquare.influence import access, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_for_post(context, post):
    viewer = context["request"].user
    fb = access.feedback_for_post(viewer, post)
    if fb is not None and fb.author_id == viewer.pk:
        fb.summary = selectors.summary(fb)
    return fb
