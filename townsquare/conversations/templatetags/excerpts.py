"""`{{ post|excerpt:90 }}`: a post as one short line of plain text (its title, else its body without markdown),
see conversations.text.post_excerpt. The result is plain text, escaped by the template like any other."""

from django import template

from townsquare.conversations import text as texts
from townsquare.conversations.text import post_excerpt

register = template.Library()


@register.filter
def excerpt(post, limit: int = 90) -> str:
    if post is None:
        return ""
    return post_excerpt(post, int(limit))


@register.filter
def text_excerpt(text, limit: int = 160) -> str:
    """`{{ post.body|text_excerpt:160 }}`: markdown text as one short line of its plain words."""
    return texts.excerpt(text or "", int(limit))
