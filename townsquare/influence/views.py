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
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from townsquare.influence import access, selectors, services, verdict, writing
from townsquare.influence.models import FeedbackRequest, Variant


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


# --- experiments (issue 16 #3): the author's alone; every read through access.py, every write through services --

def _variant_drafts(post) -> tuple[list[services.VariantDraft], list[dict]]:
    """The variants as sent: parallel lists variant_form, variant_title, variant_body; a slot left wholly empty
    (no title, no text) is no variant. → (drafts, the slots to show again)."""
    forms, titles, bodies = (post.getlist(k) for k in ("variant_form", "variant_title", "variant_body"))
    slots, drafts = [], []
    for i in range(max(len(forms), len(titles), len(bodies))):
        slot = {"form": forms[i] if i < len(forms) else Variant.Form.POST,
                "title": titles[i] if i < len(titles) else "", "body": bodies[i] if i < len(bodies) else ""}
        slots.append(slot)
        if slot["title"].strip() or slot["body"].strip():
            drafts.append(services.VariantDraft(**slot))
    return drafts, slots


def _create_form(request, *, data, slots, errors=None, status=200):
    slots = (slots + [{"form": Variant.Form.POST, "title": "", "body": ""}] * services.MAX_VARIANTS)[
        :max(services.MAX_VARIANTS, len(slots))]
    return render(request, "influence/experiment_create.html", {
        "title": "New experiment", "data": data, "errors": errors or [], "forms": Variant.Form.choices,
        "form_kinds": services.FORM_KIND, "groups": selectors.experiment_groups(request.user),
        "slots": [(services.LABELS[i] if i < len(services.LABELS) else str(i + 1), s) for i, s in enumerate(slots)],
        "min_per_variant": services.MIN_PEOPLE_PER_VARIANT, "min_days": verdict.MIN_DAYS,
    }, status=status)


@login_required
def experiment_list(request):
    return render(request, "influence/experiment_list.html", {
        "title": "My experiments", "experiments": selectors.experiments_of(request.user)})


@login_required
@sensitive_post_parameters("variant_body")
def experiment_create(request):
    """GET the form; POST name, audience ("company" or a group's slug) and 2–4 variants."""
    if request.method != "POST":
        return _create_form(request, data={"audience": "company"}, slots=[])
    data = {"name": request.POST.get("name", ""), "audience": request.POST.get("audience", "company")}
    drafts, slots = _variant_drafts(request.POST)
    try:
        group = access.experiment_audience_choice(request.user, data["audience"])
        experiment = services.experiment_create(author=request.user, name=data["name"], group=group, variants=drafts)
    except ValidationError as exc:
        return _create_form(request, data=data, slots=slots, errors=exc.messages, status=400)
    messages.success(request, "Experiment started: each part of the audience can now read its own variant, and "
                              "nothing else of it. Only you see the results here.")
    return redirect(experiment)


@login_required
def experiment_detail(request, experiment_id: int):
    experiment = access.access_experiment(request.user, experiment_id, action="results")
    results = selectors.experiment_results(experiment)
    return render(request, "influence/experiment_detail.html", {
        "title": experiment.name, "experiment": experiment, "results": results, "v": results.verdict})


@login_required
@require_POST
def experiment_end(request, experiment_id: int):
    experiment = access.access_experiment(request.user, experiment_id, action="end")
    services.experiment_end(author=request.user, experiment=experiment)
    messages.success(request, "Experiment ended: responses from now on are not counted. The posts stay for "
                              "the people who could read them.")
    return redirect(experiment)


@login_required
@never_cache
def link_redirect(request, token: str):
    """A link in an experiment's variant: counts the person once and redirects to the link's own address."""
    link = access.access_tracked_link(request.user, token)
    try:
        target = services.link_click(person=request.user, link=link)
    except ValidationError as exc:
        return render(request, "influence/link_refused.html", {"title": "Link not followed",
                                                                "errors": exc.messages}, status=400)
    response = HttpResponseRedirect(target)
    response["Referrer-Policy"] = "no-referrer"
    return response
