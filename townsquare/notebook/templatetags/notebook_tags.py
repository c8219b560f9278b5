"""{% post_provenance post as note %}: the notebook note a post was shared from — only for the
post's author (no query at all for anyone else), since notes are private."""

from django import template

from townsquare.notebook.access import notes_visible_to

register = template.Library()


@register.simple_tag(takes_context=True)
def post_provenance(context, post):
    viewer = context["request"].user
    if not viewer.is_authenticated or post is None or post.author_id != viewer.pk:
        return None
    return notes_visible_to(viewer).filter(shared_post=post).first()
