"""Thin views for circles. A circle is read through access.access_circle (members only; anyone else,
org admins included, gets a 404), except that someone who could join a circle sees its public card as a
preview (access.access_circle_or_preview); joining goes through access.access_joinable_circle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from townsquare.circles import access, selectors, services
from townsquare.circles.guides import GETTING_STARTED, GUIDES, QUESTIONS, WEEKS
from townsquare.circles.models import MAX_MEMBERS, MIN_MEMBERS
from townsquare.people import timezones
from townsquare.people.models import TIME_ZONES


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


@login_required
def circle_list(request):
    return render(request, "circles/list.html", {
        "title": "Circles", "circles": selectors.my_circles(request.user), "questions": QUESTIONS,
        "min_members": MIN_MEMBERS, "max_members": MAX_MEMBERS, "weeks": WEEKS,
    })


def _create_form(request, *, data, errors=None, status=200):
    return render(request, "circles/create.html", {
        "title": "Start a circle", "data": data, "errors": errors or [],
        "zone_choices": timezones.option_groups(also=data.get("time_zone", "") or request.user.time_zone),
        "limits": {"name": services.NAME_MAX_CHARS, "focus": services.FOCUS_MAX_CHARS,
                   "meets": services.MEETS_MAX_CHARS, "goal": services.GOAL_MAX_CHARS},
    }, status=status)


@login_required
def circle_create(request):
    fields = ("name", "focus", "time_zone", "meets", "goal")
    if request.method != "POST":
        return _create_form(request, data={"time_zone": request.user.time_zone})
    data = {k: request.POST.get(k, "") for k in fields}
    try:
        circle = services.circle_create(person=request.user, **data)
    except ValidationError as exc:
        return _create_form(request, data=data, errors=_errors(exc), status=400)
    messages.success(request, f"Your circle is open. It starts when {MIN_MEMBERS} people have joined: "
                              "invite colleagues to find it in the circle finder.")
    return redirect(circle)


def _finder(request, *, errors=None, status=200, goal=""):
    words = request.GET.get("q", "")
    zone = request.GET.get("tz", "") or request.user.time_zone
    if zone not in TIME_ZONES:
        zone = request.user.time_zone
    return render(request, "circles/find.html", {
        "title": "Find a circle", "words": words, "tz": zone, "zone_choices": timezones.option_groups(also=zone), "errors": errors or [],
        "results": selectors.find_circles(request.user, words=words, time_zone=zone), "goal": goal,
        "goal_limit": services.GOAL_MAX_CHARS, "min_members": MIN_MEMBERS,
    }, status=status)


@login_required
def circle_find(request):
    return _finder(request)


@login_required
def guide_overview(request):
    return render(request, "circles/guide.html", {
        "title": "The circle guide", "guide": GETTING_STARTED, "guides": GUIDES, "questions": QUESTIONS, "weeks": WEEKS,
    })


@login_required
def guide_week(request, week: int):
    guide = access.access_guide_week(request.user, week)
    return render(request, "circles/guide_week.html", {
        "title": f"Week {week}: {guide.title}", "guide": guide, "weeks": WEEKS,
        "previous": week - 1 if week > 1 else None, "next": week + 1 if week < WEEKS else None,
    })


def _circle_page(request, circle, *, errors=None, form="", data=None, status=200):
    return render(request, "circles/detail.html", {
        "title": circle.name, "page": selectors.circle_page(request.user, circle), "circle": circle,
        "errors": errors or [], "form": form, "data": data or {}, "weeks": WEEKS, "min_members": MIN_MEMBERS,
        "max_members": MAX_MEMBERS, "questions": QUESTIONS,
        "limits": {"goal": services.GOAL_MAX_CHARS, "check_in": services.CHECK_IN_MAX_CHARS,
                   "note": services.NOTE_MAX_CHARS},
    }, status=status)


def _preview(request, circle, *, errors=None, goal="", status=200):
    """The public card of a circle the person could join, with a way to join: never its members or notes."""
    return render(request, "circles/preview.html", {
        "title": circle.name, "circle": circle, "errors": errors or [], "goal": goal,
        "goal_limit": services.GOAL_MAX_CHARS, "weeks": WEEKS, "min_members": MIN_MEMBERS,
        "max_members": MAX_MEMBERS, "guide": GETTING_STARTED,
    }, status=status)


@login_required
def circle_detail(request, circle_id: int):
    circle, member = access.access_circle_or_preview(request.user, circle_id)
    return _circle_page(request, circle) if member else _preview(request, circle)


@login_required
@require_POST
def circle_join(request, circle_id: int):
    circle = access.access_joinable_circle(request.user, circle_id)
    goal = request.POST.get("goal", "")
    try:
        circle = services.circle_join(person=request.user, circle=circle, goal=goal)
    except ValidationError as exc:
        if request.POST.get("from") == "preview":
            return _preview(request, circle, errors=_errors(exc), goal=goal, status=400)
        return _finder(request, errors=_errors(exc), status=400, goal=goal)
    if circle.started_at and circle.member_count == MIN_MEMBERS:
        messages.success(request, f"Welcome! With you the circle has {MIN_MEMBERS} people, so it starts today.")
    else:
        messages.success(request, "Welcome to the circle. Say hello in the circle's notes.")
    return redirect(circle)


@login_required
@require_POST
def circle_leave(request, circle_id: int):
    circle = access.access_circle(request.user, circle_id)
    gone = services.circle_leave(person=request.user, circle=circle)
    messages.success(request, "You have left the circle." + (" It had no one else, so it is closed." if gone else ""))
    return redirect("circle_list")


@login_required
@require_POST
def goal_update(request, circle_id: int):
    circle = access.access_circle(request.user, circle_id)
    data = {"goal": request.POST.get("goal", "")}
    try:
        services.goal_update(person=request.user, circle=circle, goal=data["goal"])
    except ValidationError as exc:
        return _circle_page(request, circle, errors=_errors(exc), form="goal", data=data, status=400)
    messages.success(request, "Your goal is updated. Your circle sees the new version.")
    return redirect(circle)


@login_required
@require_POST
def check_in(request, circle_id: int):
    circle = access.access_circle(request.user, circle_id)
    data = {"note": request.POST.get("note", ""), "met": request.POST.get("met") == "yes"}
    try:
        services.check_in(person=request.user, circle=circle, met=data["met"], note=data["note"])
    except ValidationError as exc:
        return _circle_page(request, circle, errors=_errors(exc), form="check_in", data=data, status=400)
    messages.success(request, "Checked in. Your circle can see your note.")
    return redirect(circle.get_absolute_url() + "#check-ins")


@login_required
@require_POST
def note_add(request, circle_id: int):
    circle = access.access_circle(request.user, circle_id)
    data = {"body": request.POST.get("body", "")}
    try:
        services.note_add(person=request.user, circle=circle, body=data["body"])
    except ValidationError as exc:
        return _circle_page(request, circle, errors=_errors(exc), form="note", data=data, status=400)
    messages.success(request, "Posted in the circle. Only its members can read it.")
    return redirect(circle.get_absolute_url() + "#notes")


@login_required
@require_POST
def circle_complete(request, circle_id: int):
    circle = access.access_circle(request.user, circle_id)
    try:
        services.circle_complete(person=request.user, circle=circle)
    except ValidationError as exc:
        return _circle_page(request, circle, errors=_errors(exc), status=400)
    messages.success(request, "Completed! Congratulations to the whole circle.")
    return redirect(circle)
