"""{% feedback_for_post post as fb %} for the post page's slot: the post's feedback request as the reader may see
it — the author their own request with a small summary (`fb.summary`), an invited person or reader one they may
answer (`fb.answered` says whether they have) — or None. Nobody else learns that a request exists."""

from django import template

from townsquare.influence import access, selectors, verdict

register = template.Library()


@register.simple_tag(takes_context=True)
def feedback_for_post(context, post):
    viewer = context["request"].user
    fb = access.feedback_for_post(viewer, post)
    if fb is not None and fb.author_id == viewer.pk:
        fb.summary = selectors.summary(fb)
    return fb


# Numbers on an experiment's page (influence/experiment_detail.html), in the words verdict.py uses.

@register.filter
def pct(value, sign=True) -> str:
    """0.314 → "31%"."""
    if value is None:
        return ""
    return f"{round(100 * float(value))}{'%' if sign else ''}"


@register.filter
def rate(count, of) -> str:
    """count of `of` people → "31%"."""
    return f"{round(100 * count / of)}%" if of else ""


@register.filter
def chance(value) -> str:
    return verdict.chance_words(float(value))


@register.filter
def points(value) -> str:
    """An expected loss (a share) in points of response rate: 0.0123 → "1.2 points"."""
    return verdict.points_words(float(value))


@register.filter
def duration_words(delta) -> str:
    """A time to first response in plain words: "12 minutes", "3 hours", "2 days"."""
    seconds = max(0, int(delta.total_seconds()))
    for size, one in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = round(seconds / size) if size != 60 else seconds // 60
            return f"{n} {one}{'' if n == 1 else 's'}"
    return "under a minute"
