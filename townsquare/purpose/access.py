"""Access functions for purpose and manifesto. Every read goes through here.

Manifesto versions are the author's own: anyone else, organisation admins included, gets the same
404 as for a version that does not exist. The one exception is the *current published* version,
which every signed-in person may read (`published_manifesto_of`).
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.purpose.models import ManifestoVersion, Purpose


def manifesto_versions_visible_to(person) -> QuerySet[ManifestoVersion]:
    """Every version, draft or published, of the person's own manifesto; nobody else's."""
    if not person.is_authenticated:
        return ManifestoVersion.objects.none()
    return ManifestoVersion.objects.filter(person=person)


def access_manifesto_version(person, version_id) -> ManifestoVersion:
    try:
        version_id = int(version_id)
    except (TypeError, ValueError):
        raise Http404("No such version") from None
    version = manifesto_versions_visible_to(person).filter(pk=version_id).first()
    if version is None:
        raise Http404("No such version")
    return version


def published_manifesto_of(viewer, owner) -> ManifestoVersion | None:
    """The version of `owner`'s manifesto that `viewer` may read on the profile: the latest published one."""
    if not viewer.is_authenticated or owner is None:
        return None
    return (ManifestoVersion.objects.filter(person=owner, published_at__isnull=False)
            .order_by("-published_at", "-number").first())


def access_published_manifesto(viewer, owner) -> ManifestoVersion:
    """`owner`'s published manifesto page, for `viewer`: a person with none published is a 404."""
    version = published_manifesto_of(viewer, owner)
    if version is None:
        raise Http404("No published manifesto")
    return version


def purpose_of(viewer, owner) -> Purpose | None:
    """A person's purpose is part of their profile: every signed-in person may read it."""
    if not viewer.is_authenticated or owner is None:
        return None
    return Purpose.objects.filter(person=owner).first()
