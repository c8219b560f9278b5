"""Thin views for ideas and recognition. Ideas are read through access.access_idea (the same 404
for not found and not allowed); changing an idea someone may read but not manage is also a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from townsquare.ideas import access, selectors, services
from townsquare.ideas.models import IdeaState
from townsquare.people import handles
from townsquare.people import selectors as people_selectors

Status = IdeaState.Status


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- ideas ------------------------------------------------------------------------------------

def _board(request, *, group=None):
    services.idea_states_backfill()
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "votes")
    mine = request.GET.get("mine", "")
    q = " ".join(request.GET.get("words", "").split())
    raw_page = request.GET.get("page", "1").strip() or "1"
    errors = []
    if status and status not in Status.values:
        errors.append(f"“{status[:40]}” is not a status; showing ideas of every status.")
        status = ""
    if sort not in selectors.SORTS:
        errors.append("Sort by most votes or newest; showing most votes.")
        sort = "votes"
    if mine and mine not in selectors.MINE:
        errors.append("Choose everyone's ideas, yours, the ones you voted for or the ones you help with; "
                      "showing everyone's.")
        mine = ""
    if len(q) > selectors.SEARCH_MAX_CHARS:
        errors.append(f"Search for at most {selectors.SEARCH_MAX_CHARS} characters; showing every idea.")
        q = ""
    elif len(q.split()) > selectors.SEARCH_MAX_WORDS:
        errors.append(f"Only the first {selectors.SEARCH_MAX_WORDS} words of your search were used.")
    number = int(raw_page) if raw_page.isdigit() and len(raw_page) <= 6 else 0
    if number < 1:
        errors.append(f"“{raw_page[:20]}” is not a page number; showing the first page.")
        number = 1
    paginator = Paginator(selectors.idea_board(request.user, group=group, status=status, sort=sort, mine=mine, q=q),
                          selectors.BOARD_PAGE_SIZE)
    if number > paginator.num_pages:
        errors.append(f"There {'is' if paginator.num_pages == 1 else 'are'} only {paginator.num_pages} "
                      f"page{'' if paginator.num_pages == 1 else 's'} of ideas; showing the last.")
        number = paginator.num_pages
    page = paginator.page(number)
    filters = {k: v for k, v in (("status", status), ("sort", sort if sort != "votes" else ""), ("mine", mine),
                                 ("words", q)) if v}
    return render(request, "ideas/board.html", {
        "title": f"Ideas in {group.name}" if group else "Idea board", "group": group,
        "ideas": list(page.object_list), "page": page, "query": urlencode(filters),
        "filtered": bool(status or mine or q), "status": status, "sort": sort, "mine": mine, "q": q,
        "statuses": Status.choices, "sorts": selectors.SORTS.items(), "mines": selectors.MINE.items(),
        "search_max": selectors.SEARCH_MAX_CHARS,
        "counts": selectors.status_counts(request.user, group=group), "errors": errors,
        "notifications": selectors.unread_idea_notifications(request.user) if group is None else [],
    }, status=400 if errors else 200)


@login_required
def idea_board(request):
    return _board(request)


@login_required
def group_idea_board(request, slug: str):
    return _board(request, group=access.access_group_ideas(request.user, slug))


def _idea_context(request, idea: IdeaState, **extra) -> dict:
    page = selectors.idea_page(request.user, idea)
    return {
        "title": idea.post.title or "Idea", "idea": idea, "post": idea.post, "page": page,
        "statuses": Status.choices, "Status": Status,
        "can_change_status": access.can_change_status(request.user, idea),
        "can_hand_over": access.can_hand_over(request.user, idea),
        "can_post_update": request.user.pk == idea.owner_id or page.i_collaborate,
        "limits": {"reason": services.REASON_MAX_CHARS, "note": services.NOTE_MAX_CHARS,
                   "update": services.UPDATE_MAX_CHARS},
        "form": {}, **extra,
    }


def _idea_error(request, idea: IdeaState, error: str, form: dict):
    idea.refresh_from_db(fields=["status", "status_changed_at", "owner", "vote_count", "collaborator_count"])
    return render(request, "ideas/idea_detail.html", _idea_context(request, idea, error=error, form=form), status=400)


@login_required
def idea_detail(request, post_id: int):
    idea = access.access_idea(request.user, post_id)
    response = render(request, "ideas/idea_detail.html", _idea_context(request, idea))
    services.idea_notifications_mark_read(person=request.user, idea=idea)
    return response


@login_required
@require_POST
def idea_vote(request, post_id: int):
    idea = access.access_idea(request.user, post_id)
    voted = services.idea_vote_toggle(person=request.user, idea=idea)
    if request.headers.get("HX-Request"):
        return render(request, "ideas/_vote.html", {"idea": idea, "i_voted": voted})
    messages.success(request, "Your vote is counted." if voted else "Your vote was taken back.")
    return redirect(idea)


@login_required
@require_POST
def idea_collaborate(request, post_id: int):
    idea = access.access_idea(request.user, post_id)
    join = request.POST.get("join", "1") != "0"
    try:
        services.idea_collaborate(person=request.user, idea=idea, join=join)
    except ValidationError as exc:
        return _idea_error(request, idea, _errors(exc), {})
    messages.success(request, "You joined as a collaborator. Share progress updates as you go."
                     if join else "You are no longer a collaborator.")
    return redirect(idea)


@login_required
@require_POST
def idea_status(request, post_id: int):
    idea = access.access_idea(request.user, post_id, action="status")
    form = {k: request.POST.get(k, "") for k in ("status", "reason", "note")}
    try:
        services.idea_status_change(person=request.user, idea=idea, **form)
    except ValidationError as exc:
        return _idea_error(request, idea, _errors(exc), form)
    messages.success(request, f"Status set to “{Status(form['status']).label}”. Voters and collaborators were told.")
    return redirect(idea)


@login_required
@require_POST
def idea_owner(request, post_id: int):
    idea = access.access_idea(request.user, post_id, action="hand_over")
    try:
        new_owner = handles.person_by_handle(request.POST.get("handle", ""))
        services.idea_owner_set(person=request.user, idea=idea, new_owner=new_owner)
    except ValidationError as exc:
        return _idea_error(request, idea, _errors(exc), {"handle": request.POST.get("handle", "")})
    messages.success(request, f"{new_owner.name} now owns this idea.")
    return redirect(idea)


@login_required
@require_POST
def idea_update_create(request, post_id: int):
    idea = access.access_idea(request.user, post_id, action="update")
    try:
        services.idea_update_create(person=request.user, idea=idea, body=request.POST.get("body", ""))
    except (ValidationError, PermissionDenied) as exc:
        error = _errors(exc) if isinstance(exc, ValidationError) else str(exc)
        return _idea_error(request, idea, error, {"body": request.POST.get("body", "")})
    messages.success(request, "Progress update posted.")
    return redirect(idea)


# --- recognition ---------------------------------------------------------------------------------

def _pick(find, raw: str, label: str, errors: list[str]):
    if not raw:
        return None
    found = find(int(raw)) if raw.isdigit() and len(raw) <= 18 else None
    if found is None:
        errors.append(f"There is no {label} “{raw[:40]}”; showing all.")
    return found


@login_required
def recognition_wall(request):
    errors: list[str] = []
    value = _pick(selectors.company_value, request.GET.get("value", ""), "value", errors)
    department = _pick(selectors.department, request.GET.get("department", ""), "department", errors)
    qs = selectors.recognition_wall(request.user, value=value, department=department)
    page = selectors.wall_page(request.user, qs, cursor=request.GET.get("cursor"))
    context = {
        "title": "Recognition wall", "page": page, "values": selectors.company_values(),
        "value_counts": selectors.value_counts(request.user),
        "departments": people_selectors.departments(), "value": value, "department": department,
        "errors": errors, "filtered": bool(value or department),
    }
    if request.headers.get("HX-Request") and request.GET.get("cursor"):
        return render(request, "ideas/_wall_page.html", context)
    return render(request, "ideas/wall.html", context, status=400 if errors else 200)


def _values_page(request, *, error: str = "", form: dict | None = None, editing: int | None = None, status: int = 200):
    return render(request, "ideas/values.html", {
        "title": "Company values", "values": selectors.company_values_to_manage(),
        "error": error, "form": form or {}, "editing": editing,
        "limits": {"name": services.VALUE_NAME_MAX_CHARS, "description": services.VALUE_DESCRIPTION_MAX_CHARS},
    }, status=status)


@login_required
def values_manage(request):
    access.access_values(request.user)
    if request.method != "POST":
        return _values_page(request)
    form = {"name": request.POST.get("name", ""), "description": request.POST.get("description", "")}
    try:
        value = services.value_create(person=request.user, **form)
    except ValidationError as exc:
        return _values_page(request, error=_errors(exc), form=form, status=400)
    messages.success(request, f"“{value.name}” is now a company value. People can choose it when they give praise.")
    return redirect("values_manage")


@login_required
@require_POST
def value_edit(request, value_id: int):
    value = access.access_value(request.user, value_id)
    form = {"name": request.POST.get("name", ""), "description": request.POST.get("description", ""),
            "is_active": request.POST.get("is_active") == "on"}
    try:
        services.value_update(person=request.user, value=value, **form)
    except ValidationError as exc:
        return _values_page(request, error=_errors(exc), form=form, editing=value.pk, status=400)
    messages.success(request, f"“{value.name}” saved." + ("" if value.is_active else " It is hidden from the composer."))
    return redirect("values_manage")
