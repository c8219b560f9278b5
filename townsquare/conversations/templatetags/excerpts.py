"""`{{ post|excerpt:90 }}`: a post as one short line of plain text (its title, else its body without markdown),
see conversations.text.post_excerpt. The result is plain text, escaped by the template like any other."""

from django import template

from townsquare.conversations.text import post_excerpt

register = template.Library()


@register.filter
def excerpt(post, limit: int = 90) -> str:
    if post is None:
        return ""
    return post_excerpt(post, int(limit))
