"""Writes for purpose and manifesto. Each validates first and writes in one transaction, so a
refused input leaves everything stored as it was.

Limits (shown in the UI and documented in docs/ARCHITECTURE.md): a purpose is at most
PURPOSE_MAX_CHARS characters; a manifesto version at most MANIFESTO_MAX_CHARS.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from townsquare.conversations import text
from townsquare.conversations.models import Post
from townsquare.core.validation import clean_text
from townsquare.people.models import Person
from townsquare.purpose import selectors
from townsquare.purpose.models import ManifestoVersion, Purpose, PurposeTag

PURPOSE_MAX_CHARS = 280
MANIFESTO_MAX_CHARS = 5_000
SHORTEN = "Shorten it a little."


@transaction.atomic
def purpose_choose(*, person: Person, source: str, own_text: str = "") -> Purpose:
    """Choose one of the three suggestions (source = its key) or one's own words (source = "own")."""
    offered = {s.key: s for s in selectors.suggestions(person)}
    if source == "own":
        value = clean_text(own_text, max_chars=PURPOSE_MAX_CHARS, what="purpose", yours=True, hint=SHORTEN,
                            empty="Write your purpose in a sentence, or choose one of the suggestions.")
    elif source in offered:
        value = offered[source].text
    else:
        raise ValidationError("Choose one of the suggestions, or write your own purpose.")
    purpose, _ = Purpose.objects.update_or_create(
        person=person, defaults={"text": value, "source": source, "chosen_at": timezone.now()})
    return purpose


@transaction.atomic
def post_tag(*, person: Person, post: Post) -> PurposeTag:
    """Mark the person's own post as serving their purpose (idempotent)."""
    if post.author_id != person.pk:
        raise PermissionDenied("Only the author can say a post serves their purpose.")
    purpose = selectors.purpose_for(person)
    if purpose is None:
        raise ValidationError("You ticked “serves my purpose”, but you have not chosen a purpose yet. "
                              "Choose one on your purpose page, or untick the box.")
    tag, _ = PurposeTag.objects.get_or_create(post=post, defaults={"person": person, "purpose_text": purpose.text})
    return tag


@transaction.atomic
def post_untag(*, person: Person, post: Post) -> None:
    PurposeTag.objects.filter(post=post, person=person).delete()


def _lock(person: Person) -> None:
    """Serialise a person's manifesto saves, so two at once cannot take the same version number."""
    Person.objects.select_for_update().filter(pk=person.pk).first()


@transaction.atomic
def manifesto_save(*, person: Person, body: str, publish: bool = False) -> ManifestoVersion:
    """Save the manifesto as a new version (a draft, or published at once). Saving the same text as
    the latest version adds no version; with publish=True it publishes that latest version."""
    body = clean_text(body, max_chars=MANIFESTO_MAX_CHARS, what="manifesto", yours=True, hint=SHORTEN,
                       empty="Your manifesto is empty. Write a few lines before you save it.")
    _lock(person)
    latest = ManifestoVersion.objects.filter(person=person).order_by("-number").first()
    if latest is not None and latest.body == body:
        if publish:
            manifesto_publish(person=person, version=latest)
        return latest
    now = timezone.now()
    return ManifestoVersion.objects.create(
        person=person, number=(latest.number + 1) if latest else 1, body=body,
        body_html=text.render(body).html, created_at=now, published_at=now if publish else None)


@transaction.atomic
def manifesto_publish(*, person: Person, version: ManifestoVersion) -> ManifestoVersion:
    """Make `version` the one shown on the profile (also to bring back an earlier version)."""
    if version.person_id != person.pk:
        raise PermissionDenied("Only the author can publish their manifesto.")
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    return version


@transaction.atomic
def manifesto_unpublish(*, person: Person) -> int:
    """Take the manifesto off the profile: every version becomes a draft again. Returns how many changed."""
    return ManifestoVersion.objects.filter(person=person, published_at__isnull=False).update(published_at=None)
