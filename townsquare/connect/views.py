"""Thin views for coffee roulette and mentoring. Every page is the signed-in person's own; matches,
requests and mentorships are read through connect.access (someone else's is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from townsquare.connect import access, selectors, services
from townsquare.connect.models import CoffeeMatchMember, CoffeeProfile


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- coffee roulette -------------------------------------------------------------------------

def _coffee_page(request, *, errors=None, status=200):
    return render(request, "connect/coffee.html", {
        "title": "My coffee", "coffee": selectors.my_coffee(request.user), "stats": selectors.coffee_stats(),
        "cadences": CoffeeProfile.Cadence.choices, "answers": CoffeeMatchMember.Met.choices, "errors": errors or [],
        "window": selectors.no_repeat_rounds(),
    }, status=status)


@login_required
def coffee_home(request):
    return _coffee_page(request)


@login_required
@require_POST
def coffee_settings(request):
    active = request.POST.get("active") == "on"
    try:
        services.coffee_settings_save(person=request.user, active=active,
                                      cadence=request.POST.get("cadence", CoffeeProfile.Cadence.WEEKLY))
    except ValidationError as exc:
        return _coffee_page(request, errors=_errors(exc), status=400)
    if active:
        messages.success(request, "You're in. We'll pair you at the start of the next round and tell you in the bell.")
    else:
        messages.success(request, "You're taking a break from coffee roulette. Your history stays here.")
    return redirect("coffee_home")


@login_required
@require_POST
def coffee_met(request, match_id: int):
    match = access.access_match(request.user, match_id)
    try:
        member = services.coffee_met_answer(person=request.user, match=match, answer=request.POST.get("met", ""))
    except ValidationError as exc:
        return _coffee_page(request, errors=_errors(exc), status=400)
    thanks = {
        CoffeeMatchMember.Met.YES: "Lovely. Thanks for telling us.",
        CoffeeMatchMember.Met.NOT_YET: "No rush. Maybe write to them by email to find a time?",
        CoffeeMatchMember.Met.NO: "Thanks for letting us know. There's always the next round.",
    }
    messages.success(request, thanks[member.met])
    return redirect(reverse("coffee_home") + f"#match-{match.pk}")


# --- mentoring -------------------------------------------------------------------------------

def _mentoring_page(request, *, errors=None, form="", data=None, status=200):
    return render(request, "connect/mentoring.html", {
        "title": "Mentoring", **selectors.my_mentoring(request.user), "errors": errors or [], "form": form,
        "data": data or {}, "topics_max": services.TOPICS_MAX, "note_limit": services.NOTE_MAX_CHARS,
    }, status=status)


@login_required
def mentoring_home(request):
    return _mentoring_page(request)


@login_required
@require_POST
def offer_create(request):
    data = {k: request.POST.get(k, "") for k in ("topics", "note")}
    try:
        services.offer_create(person=request.user, topics=data["topics"], note=data["note"])
    except ValidationError as exc:
        return _mentoring_page(request, errors=_errors(exc), form="offer", data=data, status=400)
    messages.success(request, "Thank you. Your offer is listed; people whose requests match it will see it.")
    return redirect("mentoring_home")


@login_required
@require_POST
def request_create(request):
    data = {k: request.POST.get(k, "") for k in ("topics", "note")}
    try:
        mentor_request = services.request_create(person=request.user, topics=data["topics"], note=data["note"])
    except ValidationError as exc:
        return _mentoring_page(request, errors=_errors(exc), form="request", data=data, status=400)
    messages.success(request, "Saved. Here are the people who offer help on these topics.")
    return redirect(mentor_request)


def _request_page(request, mentor_request, *, errors=None, status=200):
    asked = {m.offer_id: m for m in mentor_request.mentorships.all()}
    return render(request, "connect/request.html", {
        "title": "My mentoring request", "req": mentor_request, "suggestions": selectors.suggestions_for(mentor_request),
        "asked": asked, "errors": errors or [], "message_limit": services.MESSAGE_MAX_CHARS,
    }, status=status)


@login_required
def request_detail(request, request_id: int):
    return _request_page(request, access.access_own_request(request.user, request_id))


@login_required
@require_POST
def request_state(request, request_id: int):
    mentor_request = access.access_own_request(request.user, request_id)
    open_ = request.POST.get("open") == "1"
    services.request_set_open(person=request.user, request=mentor_request, open_=open_)
    messages.success(request, "Reopened." if open_ else "Closed. Mentors you asked can still see what you sent them.")
    return redirect("mentoring_home")


@login_required
@require_POST
def offer_state(request, offer_id: int):
    offer = access.access_own_offer(request.user, offer_id)
    active = request.POST.get("active") == "1"
    services.offer_set_active(person=request.user, offer=offer, active=active)
    messages.success(request, "Your offer is listed again." if active else "Your offer is paused; nobody new can ask.")
    return redirect("mentoring_home")


@login_required
@require_POST
def mentorship_ask(request, request_id: int, offer_id: int):
    mentor_request = access.access_own_request(request.user, request_id)
    offer = access.access_open_offer(request.user, offer_id)
    try:
        services.mentorship_ask(mentee=request.user, request=mentor_request, offer=offer,
                                message=request.POST.get("message", ""))
    except ValidationError as exc:
        return _request_page(request, mentor_request, errors=_errors(exc), status=400)
    messages.success(request, f"Sent. {offer.person.name} will see your request in their bell.")
    return redirect(mentor_request)


@login_required
@require_POST
def mentorship_decide(request, mentorship_id: int):
    mentorship = access.access_mentorship_as_mentor(request.user, mentorship_id)
    decision = request.POST.get("decision", "")
    try:
        if decision not in ("accept", "decline"):
            raise ValidationError("Choose to accept or to decline.")
        services.mentorship_decide(mentor=request.user, mentorship=mentorship, accept=decision == "accept")
    except ValidationError as exc:
        return _mentoring_page(request, errors=_errors(exc), status=400)
    if decision == "accept":
        messages.success(request, f"Accepted. {mentorship.mentee.name} has been told; say hello to set a first chat.")
    else:
        messages.success(request, f"Declined. {mentorship.mentee.name} has been told, kindly.")
    return redirect("mentoring_home")
