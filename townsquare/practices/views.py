"""Thin views for ask leadership and polls. Questions are read through access.access_question
(public to signed-in people), polls through access.access_poll (which follows the post's
visibility). Changing what one may not change looks like not found: 404."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from townsquare.core.redirects import safe_next
from townsquare.people import handles
from townsquare.practices import access, selectors, services
from townsquare.practices.models import Question


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- ask leadership ------------------------------------------------------------------------

@login_required
def ask_list(request):
    status = request.GET.get("status", "")
    status = status if status in Question.Status.values else ""
    leader = selectors.leader_by_handle(request.GET["leader"]) if request.GET.get("leader") else None
    qs = selectors.questions_for(request.user, status=status, leader=leader)
    sort = "votes" if request.GET.get("sort") == "votes" else "newest"
    if sort == "votes":
        qs = qs.order_by("-vote_count", "-created_at")
    questions = list(qs[: selectors.LIST_LIMIT + 1])
    return render(request, "practices/ask_list.html", {
        "title": "Ask leadership", "questions": questions[: selectors.LIST_LIMIT],
        "more": len(questions) > selectors.LIST_LIMIT, "leaders": selectors.leaders(), "status": status,
        "leader": leader, "sort": sort, "statuses": Question.Status.choices,
        "filtered": bool(status or leader), "reminders": selectors.reminders_for(request.user),
        "is_leader": access.is_leader(request.user),
    })


def _ask_form(request, *, data: dict, errors: list[str] | None = None, status: int = 200):
    return render(request, "practices/ask_form.html", {
        "title": "Ask leadership", "leaders": selectors.leaders(), "data": data, "errors": errors or [],
        "kinds": Question.Kind.choices, "limit": services.QUESTION_MAX_CHARS,
    }, status=status)


@login_required
def ask_new(request):
    if request.method != "POST":
        return _ask_form(request, data={"kind": Question.Kind.QUESTION, "leader": request.GET.get("leader", "")})
    data = {k: request.POST.get(k, "") for k in ("leader", "kind", "body")}
    data["kind"] = data["kind"] or Question.Kind.QUESTION
    leader = selectors.leaders().filter(handle=data["leader"]).first()
    try:
        if leader is None:
            raise ValidationError("Choose the leader you are asking.")
        question = services.question_ask(asker=request.user, leader=leader, body=data["body"], kind=data["kind"])
    except ValidationError as exc:
        return _ask_form(request, data=data, errors=_errors(exc), status=400)
    messages.success(request, f"Asked. {leader.name} can see it now, and so can everyone else.")
    return redirect(question)


@login_required
def ask_detail(request, question_id: int):
    question = access.access_question(request.user, question_id)
    return render(request, "practices/ask_detail.html", {
        "title": f"{question.get_kind_display()} for {question.leader.name}", "question": question,
        "voted": selectors.has_voted(request.user, question),
        "can_answer": access.can_answer(request.user, question) and question.status != Question.Status.ANSWERED,
        "can_change_status": access.can_change_status(request.user, question),
        "errors": [], "data": {},
    })


@login_required
@require_POST
def ask_vote(request, question_id: int):
    question = access.access_question(request.user, question_id)
    voted = services.question_vote_toggle(person=request.user, question=question)
    if request.headers.get("HX-Request"):
        return render(request, "practices/_vote_button.html", {"question": question, "voted": voted})
    return redirect(safe_next(request, question.get_absolute_url()))


@login_required
@require_POST
def ask_status(request, question_id: int):
    question = access.access_question(request.user, question_id, action="change_status")
    action = request.POST.get("action", "")
    try:
        if action == "decline":
            services.question_decline(person=request.user, question=question, reason=request.POST.get("reason", ""))
            messages.success(request, "Declined. The reason is shown with the question.")
        elif action == "reopen":
            services.question_reopen(person=request.user, question=question)
            messages.success(request, "Reopened.")
        else:
            raise ValidationError("Choose to decline the question (with a reason) or to reopen it.")
    except ValidationError as exc:
        question.refresh_from_db()
        return render(request, "practices/ask_detail.html", {
            "title": f"{question.get_kind_display()} for {question.leader.name}", "question": question,
            "voted": selectors.has_voted(request.user, question),
            "can_answer": access.can_answer(request.user, question) and question.status != Question.Status.ANSWERED,
            "can_change_status": True, "status_errors": _errors(exc), "errors": [],
            "data": {"reason": request.POST.get("reason", "")},
        }, status=400)
    return redirect(question)


@login_required
def ask_answer(request, question_id: int):
    question = access.access_question(request.user, question_id, action="answer")
    data = {k: request.POST.get(k, "") for k in ("answer", "purpose_theme")}
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.question_answer(person=request.user, question=question, answer=data["answer"],
                                     purpose_theme=data["purpose_theme"])
        except ValidationError as exc:
            errors = _errors(exc)
            question.refresh_from_db()
        else:
            messages.success(request, "Answered. Your explanation is on the question's post as your reply.")
            return redirect(question)
    return render(request, "practices/ask_answer.html", {
        "title": "Explain the decision", "question": question, "data": data, "errors": errors,
        "limit": services.ANSWER_MAX_CHARS, "theme_limit": services.THEME_MAX_CHARS,
    }, status=400 if errors else 200)


@login_required
def leader_page(request, handle: str):
    leader = access.access_leader(request.user, handle)
    questions = list(selectors.questions_for(request.user, leader=leader)[: selectors.LIST_LIMIT])
    return render(request, "practices/leader.html", {
        "title": leader.name, "leader": leader, "record": selectors.leader_record(leader), "questions": questions,
    })


@login_required
def leaders_manage(request):
    access.access_leaders_admin(request.user)
    errors: list[str] = []
    if request.method == "POST":
        try:
            person = handles.person_by_handle(request.POST.get("handle", ""))
            if request.POST.get("action") == "remove":
                services.leader_remove(admin=request.user, person=person)
                messages.success(request, f"{person.name} is no longer listed as a leader. Their record stays.")
            else:
                services.leader_add(admin=request.user, person=person)
                messages.success(request, f"{person.name} is now a leader: people can ask them questions.")
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return redirect("leaders_manage")
    return render(request, "practices/leaders_manage.html", {
        "title": "Leaders", "leaders": selectors.leaders(), "errors": errors,
        "handle": request.POST.get("handle", ""),
    }, status=400 if errors else 200)


# --- polls ---------------------------------------------------------------------------------

def _parse_moment(raw: str) -> datetime | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError("The closing time is not a date and time we can read; use the picker.") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


@login_required
def poll_create(request):
    fields = ("question", "options", "closes_at", "group")
    data = {k: request.POST.get(k, "") for k in fields}
    data.update(multiple=bool(request.POST.get("multiple")), anonymous=bool(request.POST.get("anonymous")))
    errors: list[str] = []
    if request.method == "POST":
        try:
            group = None
            if data["group"]:
                group = selectors.poll_group(request.user, data["group"])
                if group is None:
                    raise ValidationError("You can only post a poll in a group you are a member of.")
            poll = services.poll_create(author=request.user, question=data["question"], options=data["options"],
                                        multiple=data["multiple"], anonymous=data["anonymous"],
                                        closes_at=_parse_moment(data["closes_at"]), group=group)
        except (ValidationError, PermissionDenied) as exc:
            errors = _errors(exc) if isinstance(exc, ValidationError) else [str(exc)]
        else:
            messages.success(request, "Your poll is live. It is posted with a link to this page.")
            return redirect(poll)
    else:
        data["group"] = request.GET.get("group", "")
    return render(request, "practices/poll_form.html", {
        "title": "Start a poll", "data": data, "errors": errors, "groups": selectors.poll_groups(request.user),
        "options_max": services.OPTIONS_MAX, "question_limit": services.POLL_QUESTION_MAX_CHARS,
    }, status=400 if errors else 200)


def _poll_page(request, poll, *, errors=None, status=200):
    return render(request, "practices/poll_detail.html", {
        "title": poll.question, "poll": poll, "state": selectors.poll_state(request.user, poll), "errors": errors or [],
    }, status=status)


@login_required
def poll_detail(request, poll_id: int):
    return _poll_page(request, access.access_poll(request.user, poll_id))


@login_required
@require_POST
def poll_vote(request, poll_id: int):
    poll = access.access_poll(request.user, poll_id)
    try:
        ids = [int(v) for v in request.POST.getlist("option")]
    except ValueError:
        ids = [-1]
    hx = bool(request.headers.get("HX-Request"))
    try:
        services.poll_vote(person=request.user, poll=poll, option_ids=ids)
    except ValidationError as exc:
        if hx:  # the card in a feed: its own fragment, with the reason
            poll.refresh_from_db()
            return render(request, "practices/_poll_card.html", {"card": selectors.poll_card(
                poll, voted=selectors.poll_state(request.user, poll).voted, error=" ".join(exc.messages))}, status=400)
        return _poll_page(request, poll, errors=_errors(exc), status=400)
    if hx:
        poll.refresh_from_db()
        return render(request, "practices/_poll_card.html", {"card": selectors.poll_card(poll, voted=True)})
    messages.success(request, "Thanks — your vote is in." + (" Nobody can see what you chose." if poll.anonymous else ""))
    return redirect(poll)


@login_required
def community(request):
    return render(request, "practices/community.html", {"cards": selectors.community(request.user),
                                                        "title": "Community"})
