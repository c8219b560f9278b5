"""Tags for the post card. A feed page shows 20 cards with five reaction buttons each; building the
buttons here costs a tenth of the same loop in template language (measured in bench/feed.py)."""

from django import template
from django.utils.html import format_html, format_html_join

from townsquare.conversations import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def post_card(context, post, truncate=False) -> str:
    """One post card (conversations/_post.html), from the card cache when it holds this state."""
    return cards.render_card(post, truncate=truncate, csrf_token=context.get("csrf_token", ""))


@register.simple_tag
def reaction_buttons(post) -> str:
    """The reaction buttons of one card, from `post.reaction_summary` (set by selectors.decorate). Each says
    what it wants ("like:set" or "like:unset"), not "toggle", so a double click or a retry is harmless."""
    return format_html_join(
        "\n",
        '<button type="submit" name="kind" value="{0}:{7}" class="react" aria-pressed="{4}" title="{2}" '
        'aria-label="{2}{5}" data-testid="react-{0}">{1}{6}</button>',
        (
            (kind, emoji, label, count, pressed,
             f" ({count})" if count else "", f" {count}" if count else "",
             "unset" if pressed == "true" else "set")
            for kind, emoji, label, count, pressed in post.reaction_summary
        ),
    )


@register.simple_tag
def initials_avatar(person) -> str:
    """The small avatar of a card: the photo when there is one, else the initials."""
    if person.avatar:
        return format_html('<img class="avatar" src="{}avatar/" alt="">', person.url)
    return format_html('<span class="avatar" aria-hidden="true">{}</span>', person.initials)
