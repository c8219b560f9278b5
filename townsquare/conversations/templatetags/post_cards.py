"""Tags for the post card. A feed page shows 20 cards with five reaction buttons each; building the
buttons here costs a tenth of the same loop in template language (measured in bench/feed.py)."""

from django import template
from django.utils.html import format_html, format_html_join

from townsquare.conversations import cards
from townsquare.core import timefmt

register = template.Library()


@register.simple_tag(takes_context=True)
def post_card(context, post, truncate=False) -> str:
    """One post card (conversations/_post.html), from the card cache when it holds this state. A post a
    moderator hid is shown whole to its author alone (with the reason, in _post.html); everyone else gets
    the same short notice in its place, on every page that shows cards (feeds, the post page, the wall)."""
    if post.hidden_at is not None:
        reader = context.get("user") or getattr(context.get("request"), "user", None)
        if getattr(reader, "pk", None) != post.author_id:
            return format_html('<article class="post post-hidden" id="post-{}"><p class="muted">'
                               "A post was hidden by a moderator.</p></article>", post.pk)
    return cards.render_card(post, truncate=truncate, csrf_token=context.get("csrf_token", ""))


@register.simple_tag
def reaction_buttons(post, testid: str = "react") -> str:
    """The reaction buttons of one card, from `post.reaction_summary` (set by selectors.decorate). Each says
    what it wants ("like:set" or "like:unset"), not "toggle", so a double click or a retry is harmless. Its
    name is the visible count with the word behind the emoji ("Like 3"), so what a screen reader says and what
    speech control hears match what is on screen (no aria-label that differs from the text). A reply's buttons
    (the same `reaction_summary`, selectors.replies_of) say testid="reply-react"."""
    return format_html_join(
        "\n",
        '<button type="submit" name="kind" value="{0}:{7}" class="react" aria-pressed="{4}" title="{2}" '
        'data-testid="{8}-{0}"><span aria-hidden="true">{1}</span><span class="visually-hidden">{2}</span>{6}</button>',
        (
            (kind, emoji, label, count, pressed,
             f" ({count})" if count else "", f" {count}" if count else "",
             "unset" if pressed == "true" else "set", testid)
            for kind, emoji, label, count, pressed in post.reaction_summary
        ),
    )


@register.simple_tag
def initials_avatar(person) -> str:
    """The small avatar of a card: the photo when there is one, else the initials."""
    if person.avatar:
        return format_html('<img class="avatar" src="{}avatar/" alt="">', person.url)
    return format_html('<span class="avatar" aria-hidden="true">{}</span>', person.initials)


@register.filter
def when(moment) -> str:
    """An exact moment as the app writes it everywhere (core/timefmt.py): "Fri 04 Dec 2026, 17:48 CET"."""
    return timefmt.when(moment)
