"""Template helpers of the coach page."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def heatmap_cells(weeks):
    """The cells of a habit heatmap (twelve weeks × seven days) as one string: built in Python, because
    252 cells through the template engine cost more than everything else on the page."""
    parts = []
    for column in weeks:
        for cell in column:
            label = escape(cell.label)
            parts.append(f'<li class="hm hm-{cell.state}" title="{label}"><span class="visually-hidden">{label}</span></li>')
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@register.inclusion_tag("coach/_composer_prompt_body.html", takes_context=True)
def coach_composer_prompt(context):
    """In the composer opened from a habit (/compose/?habit=describe): today's prompt for that habit, worked
    out here from the habit's name (never text from the link). Anything else in `habit` shows nothing."""
    from townsquare.coach import selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    habit = request.GET.get("habit", "") if request is not None else ""
    if not getattr(user, "is_authenticated", False) or habit not in selectors.COMPOSER_HABITS:
        return {"prompt": None}
    return {"prompt": selectors.composer_prompt(user, habit), "habit": habit}


@register.inclusion_tag("coach/_celebration_body.html", takes_context=True)
def coach_celebration(context):
    """On a post's own page, for its author right after posting: the celebration when this post is what
    completed a habit today (selectors.celebration_for)."""
    from townsquare.coach import selectors

    post, user = context.get("post"), context.get("user")
    if post is None or not getattr(user, "is_authenticated", False) or post.author_id != user.pk:
        return {"celebration": None}
    return {"celebration": selectors.celebration_for(user, post)}
