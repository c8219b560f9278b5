"""Access functions for the notebook. Every read of a note or a draft goes through here.

Notes, insights and drafts belong to their author alone: anyone else — organisation admins
included — gets the same 404 as for an id that does not exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.notebook.models import InsightDraft, Note


def notes_visible_to(person) -> QuerySet[Note]:
    if not person.is_authenticated:
        return Note.objects.none()
    return Note.objects.filter(person=person)


def access_note(person, note_id) -> Note:
    try:
        note_id = int(note_id)
    except (TypeError, ValueError):
        raise Http404("No such note") from None
    note = notes_visible_to(person).select_related("shared_post").filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note")
    return note


def drafts_visible_to(person) -> QuerySet[InsightDraft]:
    """The person's own drafts that are not yet published."""
    if not person.is_authenticated:
        return InsightDraft.objects.none()
    return InsightDraft.objects.filter(person=person, published_at__isnull=True)


def access_draft(person, draft_id) -> InsightDraft:
    try:
        draft_id = int(draft_id)
    except (TypeError, ValueError):
        raise Http404("No such draft") from None
    draft = drafts_visible_to(person).select_related("note").filter(pk=draft_id).first()
    if draft is None:
        raise Http404("No such draft")
    return draft
