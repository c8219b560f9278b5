"""Thin views for the notebook. Every note and draft is read through access.access_note /
access.access_draft, so anyone but the author — organisation admins included — gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from townsquare.conversations.models import Post
from townsquare.conversations.services import LIMITS as POST_LIMITS
from townsquare.notebook import access, selectors, services
from townsquare.notebook.models import Note

NOTE_FIELDS = ("kind", "title", "body", "source_url", "tags")


def _error_list(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _limits() -> dict:
    return {"title": services.TITLE_MAX_CHARS, "body": services.BODY_MAX_CHARS, "source": services.SOURCE_MAX_CHARS,
            "tags": services.TAGS_MAX, "tag": services.TAG_MAX_CHARS}


def _note_values(request) -> dict:
    return {f: request.POST.get(f, "") for f in NOTE_FIELDS}


def _form(request, *, note: Note | None, data: dict, errors: list[str] | None = None, status: int = 200):
    return render(request, "notebook/note_form.html", {
        "title": "Edit note" if note else "New note", "note": note, "data": data, "errors": errors or [],
        "kinds": Note.Kind.choices, "limits": _limits(),
    }, status=status)


@login_required
def notebook(request):
    q = request.GET.get("q", "")
    tag = request.GET.get("tag", "")
    insights_only = request.GET.get("insights") == "1"
    qs = selectors.notes_for(request.user, q=q, tag=tag, insights_only=insights_only)
    notes = list(qs[: selectors.LIST_LIMIT + 1])
    return render(request, "notebook/notebook.html", {
        "title": "Notebook", "notes": notes[: selectors.LIST_LIMIT], "more": len(notes) > selectors.LIST_LIMIT,
        "q": q.strip()[: selectors.QUERY_MAX_CHARS], "tag": tag, "insights_only": insights_only,
        "filtered": bool(q.strip() or tag or insights_only), "tags": selectors.tags_of(request.user)[:30],
        "flow": selectors.flow(request.user), "kinds": Note.Kind.choices, "limits": _limits(),
        "data": {"kind": Note.Kind.READ},
    })


@login_required
def note_create(request):
    if request.method != "POST":
        return _form(request, note=None, data={"kind": request.GET.get("kind", Note.Kind.READ)})
    data = _note_values(request)
    try:
        note = services.note_create(person=request.user, **data)
    except ValidationError as exc:
        return _form(request, note=None, data=data, errors=_error_list(exc), status=400)
    messages.success(request, "Note saved. Only you can see it.")
    return redirect(note)


@login_required
def note_detail(request, note_id: int):
    note = access.access_note(request.user, note_id)
    draft = access.drafts_visible_to(request.user).filter(note=note).first()
    return render(request, "notebook/note_detail.html", {"title": note.heading, "note": note, "draft": draft})


@login_required
def note_edit(request, note_id: int):
    note = access.access_note(request.user, note_id)
    if request.method != "POST":
        return _form(request, note=note, data={"kind": note.kind, "title": note.title, "body": note.body,
                                               "source_url": note.source_url, "tags": " ".join(note.tag_list)})
    data = _note_values(request)
    try:
        services.note_update(person=request.user, note=note, **data)
    except ValidationError as exc:
        note.refresh_from_db()
        return _form(request, note=note, data=data, errors=_error_list(exc), status=400)
    messages.success(request, "Note saved.")
    return redirect(note)


@login_required
@require_POST
def note_delete(request, note_id: int):
    note = access.access_note(request.user, note_id)
    services.note_delete(person=request.user, note=note)
    messages.success(request, "Note deleted.")
    return redirect("notebook")


@login_required
@require_POST
def note_insight(request, note_id: int):
    note = access.access_note(request.user, note_id)
    insight = request.POST.get("insight", "1") != "0"
    try:
        services.note_mark_insight(person=request.user, note=note, insight=insight)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(note)
    messages.success(request, "Marked as an insight. When you are ready, share it as a post."
                     if insight else "No longer an insight.")
    return redirect(note)


@login_required
@require_POST
def note_share(request, note_id: int):
    note = access.access_note(request.user, note_id)
    try:
        draft = services.insight_draft_create(person=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(note)
    return redirect(draft)


@login_required
def insight_draft(request, draft_id: int):
    """The composer, prefilled with the draft. Posting it goes to post_create, which links the post back."""
    draft = access.access_draft(request.user, draft_id)
    groups = selectors.composer_groups(request.user)
    return render(request, "notebook/draft.html", {
        "title": "Share an insight", "draft_obj": draft, "note": draft.note,
        "draft": {"kind": draft.kind, "body": draft.body, "notebook_draft": draft.pk},
        "composer_groups": groups, "post_kinds": Post.Kind.choices,
        "too_long": len(draft.body) > POST_LIMITS["POST_MAX_CHARS"], "post_limit": POST_LIMITS["POST_MAX_CHARS"],
    })
