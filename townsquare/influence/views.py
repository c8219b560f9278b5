"""Thin views of townsquare.influence (C6).

Feedback requests: every request is read through access.py (asking: the post's author; answering: readers of the
post, invited ones for chosen people; results: the author alone, org admins included in the 404), every write goes
through services.py.

The writing coach's hints are for the person who asks, about the text they send: computed on the request and
returned, never stored or logged (the body is a sensitive parameter, so an error report leaves it out, and the
answer may not be cached). No route takes a person or an object, so nobody can ask for someone else's hints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from townsquare.influence import access, selectors, services, writing
from townsquare.influence.models import FeedbackRequest


@login_required
@require_POST
@sensitive_post_parameters("body")
@never_cache
def writing_hints(request):
    """POST body, kind → the composer's hints as an HTML fragment (static/js/influence.js puts it in the composer); a 400
    with the reason for bad input."""
    try:
        body, kind = writing.check_draft(request.POST.get("body"), request.POST.get("kind"))
    except ValidationError as exc:
        return render(request, "influence/_hints.html", {"errors": exc.messages}, status=400)
    return render(request, "influence/_hints.html", {"review": writing.review(body, kind)})


def _ask_form(request, post, *, data, errors=None, status=200):
    return render(request, "influence/feedback_ask.html", {
        "title": "Ask for feedback", "post": post, "data": data, "errors": errors or [],
        "audiences": FeedbackRequest.Audience.choices,
    }, status=status)


@login_required
def feedback_request_create(request, post_id: int):
    """GET the form to ask for feedback on one's own post; POST audience, people, anonymous."""
    post = access.access_post_to_ask(request.user, post_id)
    if request.method != "POST":
        return _ask_form(request, post, data={"audience": FeedbackRequest.Audience.CHOSEN})
    data = {"audience": request.POST.get("audience", ""), "people": request.POST.get("people", ""),
            "anonymous": request.POST.get("anonymous") == "1"}
    try:
        services.feedback_request_create(author=request.user, post=post, **data)
    except ValidationError as exc:
        return _ask_form(request, post, data=data, errors=exc.messages, status=400)
    messages.success(request, "Feedback asked for. You will see the answers on the post and on the results page.")
    return redirect(post)


def _answer_page(request, fb, *, data=None, errors=None, status=200):
    return render(request, "influence/feedback_answer.html", {
        "title": "Give feedback", "fb": fb, "post": fb.post, "data": data or {}, "errors": errors or [],
        "ratings": range(1, 6), "comment_max": services.COMMENT_MAX_CHARS,
        "comments_after": selectors.ANONYMOUS_COMMENTS_AFTER,
    }, status=status)


@login_required
def feedback_answer(request, request_id: int):
    """GET the answer form; POST clarity, usefulness (1–5) and an optional comment, once."""
    fb = access.access_feedback_request(request.user, request_id, action="answer")
    if request.method != "POST":
        return _answer_page(request, fb)
    data = {k: request.POST.get(k, "") for k in ("clarity", "usefulness", "comment")}
    try:
        services.feedback_answer(person=request.user, request=fb, **data)
    except ValidationError as exc:
        return _answer_page(request, fb, data=data, errors=exc.messages, status=400)
    messages.success(request, "Thank you: your feedback was sent." + (
        " It is anonymous: it is not stored with your name." if fb.anonymous else ""))
    return redirect(fb.post)


@login_required
def feedback_results(request, request_id: int):
    fb = access.access_feedback_request(request.user, request_id, action="results")
    return render(request, "influence/feedback_results.html", {
        "title": "Feedback results", "fb": fb, "post": fb.post, "results": selectors.feedback_results(fb)})


@login_required
@require_POST
def feedback_request_close(request, request_id: int):
    fb = access.access_feedback_request(request.user, request_id, action="results")
    services.feedback_request_close(author=request.user, request=fb)
    messages.success(request, "Feedback request closed: no more answers are taken. The results stay here.")
    return redirect("feedback_results", request_id=fb.pk)
