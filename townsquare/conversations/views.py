"""Thin views: parse the request, call an access function or a service, render.

On an htmx request, views that change one card return just that card's fragment."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from townsquare.conversations import access, extensions, forms, selectors, services
from townsquare.conversations.forms import ComposerLinkForm
from townsquare.conversations.models import (
    FeedPreference,
    Follow,
    Group,
    Membership,
    Post,
    SearchEntry,
)
from townsquare.conversations.search import FEW_RESULTS
from townsquare.conversations.search import corrected as search_corrected
from townsquare.conversations.search import parse_search as search_parse
from townsquare.conversations.search import search as search_run
from townsquare.conversations.search import suggest as search_suggest
from townsquare.conversations.search import terms_of as search_terms
from townsquare.conversations.search import words_not_searched as search_words_not_searched
from townsquare.core import uploads
from townsquare.core.errors import json_error
from townsquare.core.redirects import safe_next
from townsquare.people import access as people_access
from townsquare.people import handles
from townsquare.people import selectors as people_selectors


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _feed(request, qs, template: str, context: dict, *, title: str):
    page = selectors.page_of(qs, request.user, cursor=request.GET.get("cursor"))
    context.update(page=page, title=title)
    if request.headers.get("HX-Request") and request.GET.get("cursor"):
        return render(request, "conversations/_feed_page.html", context)
    return render(request, template, context)


def _composer_context(request, **extra) -> dict:
    return {"composer_groups": selectors.groups_of(request.user), "post_kinds": Post.Kind.choices,
            "preview_options": extensions.preview_options(request.user), **extra}


def _ordered_feed(request, qs, *, feed_name: str, title: str):
    """Home and company: newest first, or ranked when the reader chose that (FeedPreference)."""
    order = selectors.feed_order_of(request.user)
    if order != FeedPreference.Order.RANKED:
        return _feed(request, qs, "conversations/home.html", _composer_context(request, feed_name=feed_name,
                     feed_order=order), title=title)
    page = selectors.ranked_page_of(qs, request.user, cursor=request.GET.get("cursor"))
    context = _composer_context(request, feed_name=feed_name, feed_order=order, page=page, title=title)
    if request.headers.get("HX-Request") and request.GET.get("cursor"):
        return render(request, "conversations/_feed_page.html", context)
    return render(request, "conversations/home.html", context)


@login_required
def home(request):
    return _ordered_feed(request, selectors.feed_home(request.user), feed_name="home", title="Home")


@login_required
def company(request):
    return _ordered_feed(request, selectors.feed_company(request.user), feed_name="company", title="All company")


@login_required
@require_POST
def feed_order(request):
    """The Newest first / Ranked switch above the home and company feeds: remembered for the person."""
    back = safe_next(request, reverse("home"))
    try:
        services.feed_order_set(person=request.user, order=request.POST.get("order", ""))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect(back)


@login_required
def questions(request):
    return _feed(request, selectors.unanswered_questions(request.user), "conversations/questions.html", {},
                 title="Unanswered questions")


@login_required
def bookmarks(request):
    return _feed(request, selectors.bookmarked_posts(request.user), "conversations/bookmarks.html", {}, title="Bookmarks")


@login_required
def topic_feed(request, name: str):
    topic = access.access_topic(request.user, name=name)
    following = selectors.is_following(request.user, Follow.Target.TOPIC, topic.pk)
    return _feed(request, selectors.feed_topic(request.user, topic), "conversations/topic.html",
                 {"topic": topic, "following": following}, title=f"#{topic.name}")


# --- a person's page: who they are (people) and what they write and join here ---------------------------

@login_required
def profile(request, handle: str):
    person = people_access.access_person(request.user, handle)
    page = selectors.page_of(selectors.feed_profile(request.user, person), request.user,
                             cursor=request.GET.get("cursor"))
    if request.headers.get("HX-Request") and request.GET.get("cursor"):
        return render(request, "conversations/_feed_page.html", {"page": page})
    groups = selectors.profile_groups(person)
    return render(request, "people/profile.html", {
        "person": person, "page": page, "groups": groups, "is_me": person.pk == request.user.pk,
        "following": selectors.is_following(request.user, Follow.Target.PERSON, person.pk),
        "follower_count": selectors.follower_count(Follow.Target.PERSON, person.pk),
        "org_position": people_selectors.org_position(person),
    })


# --- posts ---------------------------------------------------------------------------------

@login_required
@require_POST
def post_create(request):
    data = request.POST
    group = access.access_group(request.user, data["group"]) if data.get("group") else None
    praised_group = None
    if data.get("praised_group"):
        praised_group = access.groups_visible_to(request.user).filter(slug=data["praised_group"]).first()
    try:
        audience = services.audience_from_choice(request.user, data.get("share_first", ""),
                                                 people=data.get("preview_people", ""), group=group)
        post = services.post_create(
            author=request.user, body=data.get("body", ""), kind=data.get("kind", "update"), group=group,
            title=data.get("title", ""), praised_people=handles.people_by_handles(data.get("praised", ""), field="praised"),
            praised_group=praised_group, files=request.FILES.getlist("files"),
            extras={name: data.get(name) for name in extensions.composer_fields()},  # purpose, notebook, ideas…
            audience=audience,
        )
    except (ValidationError, PermissionDenied) as exc:
        error = _error_text(exc) if isinstance(exc, ValidationError) else str(exc)
        ctx = _composer_context(request, error=error, draft=data, selected_group=group)
        return render(request, "conversations/compose.html", ctx, status=400)
    if post.is_preview:
        messages.success(request, "Shared as a preview. When you are ready, widen it from the post: its replies and "
                                  "reactions come along.")
        return redirect(post)
    messages.success(request, "Posted.")
    return redirect(safe_next(request, post.get_absolute_url()))


@login_required
def compose(request):
    draft, notes = ComposerLinkForm(request.GET).draft()
    return render(request, "conversations/compose.html", _composer_context(request, draft=draft, link_notes=notes))


@login_required
def post_detail(request, post_id: int):
    post = access.access_post(request.user, post_id)
    services.post_view_record(person=request.user, post=post)
    return render(request, "conversations/post_detail.html", _post_page(request, post))


def _post_page(request, post: Post, **extra) -> dict:
    """The post page's context: the post as its card shows it, its replies (with their reactions), what the
    reader may do."""
    page = selectors.page_of(access.posts_visible_to(request.user).filter(pk=post.pk), request.user)
    post = page.posts[0]
    return {
        "post": post, "replies": selectors.replies_of(post, request.user),
        "widen_groups": selectors.groups_of(request.user) if access.POST_ACTIONS["widen"](request.user, post) else None,
        "share_groups": selectors.groups_of(request.user).filter(archived_at__isnull=True)
        if access.POST_ACTIONS["share"](request.user, post) else None,
        "share_limit": services.SHARE_COMMENT_MAX_CHARS,
        "can_edit": access.can_edit_post(request.user, post),
        "can_delete": access.can_delete_post(request.user, post),
        "can_pin": access.can_pin_post(request.user, post),
        "reply_limit": services.LIMITS["REPLY_MAX_CHARS"],
        **extra,
    }


def _place_chosen(request) -> tuple[bool, object]:
    """The form's "to": "company" → (True, None), one of the person's groups' slugs → (True, group), anything
    else → (False, None)."""
    to = request.POST.get("to", "")
    if to == "company":
        return True, None
    group = selectors.groups_of(request.user).filter(slug=to[:80]).first() if to else None
    return group is not None, group


@login_required
@require_POST
def post_widen(request, post_id: int):
    """The author widens their preview to "company" or one of their groups' slugs, in one step."""
    post = access.access_post(request.user, post_id, action="widen")
    found, group = _place_chosen(request)
    if not found:
        messages.error(request, "Choose where to widen it to: the whole company or one of your groups.")
        return redirect(post)
    try:
        services.post_widen(person=request.user, post=post, group=group)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(post)
    messages.success(request, f"Widened to {group.name if group else 'the whole company'}. Its replies and reactions "
                              "stayed; the people who saw the preview are not told again.")
    return redirect(post)


@login_required
@require_POST
def post_share(request, post_id: int):
    """Share a post one can read into one of one's groups ("to" = its slug) or with the company ("company")."""
    post = access.access_post(request.user, post_id, action="share")
    found, group = _place_chosen(request)
    if not found:
        messages.error(request, "Choose where to share it: the whole company or one of your groups.")
        return redirect(post)
    try:
        share = services.post_share(person=request.user, original=post, group=group,
                                    comment=request.POST.get("comment", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc) if isinstance(exc, ValidationError) else str(exc))
        return redirect(post)
    messages.success(request, f"Shared with {group.name if group else 'the whole company'}.")
    return redirect(share)


@login_required
def post_edit(request, post_id: int):
    post = access.access_post(request.user, post_id, action="edit")
    error = None
    if request.method == "POST":
        try:
            services.post_edit(person=request.user, post=post, body=request.POST.get("body", ""),
                               title=request.POST.get("title"))
            messages.success(request, "Saved. The earlier version is in the post's history.")
            return redirect(post)
        except ValidationError as exc:
            error = _error_text(exc)
    return render(request, "conversations/post_edit.html",
                  {"post": post, "error": error, "body": request.POST.get("body", post.body)},
                  status=400 if error else 200)


@login_required
def post_history(request, post_id: int):
    post = access.access_post(request.user, post_id)
    return render(request, "conversations/post_history.html", {"post": post, "revisions": post.revisions.all()})


@login_required
def post_seen_by(request, post_id: int):
    post = access.access_post(request.user, post_id)
    named = selectors.seen_by_named(post)
    return render(request, "conversations/seen_by.html", {
        "post": post, "views": named, "unnamed": max(post.view_count - len(named), 0)})


@login_required
@require_POST
def post_delete(request, post_id: int):
    post = access.access_post(request.user, post_id, action="delete")
    group = post.group
    services.post_delete(person=request.user, post=post)
    messages.success(request, "The post was deleted.")
    return redirect(group.get_absolute_url() if group else "home")


@login_required
@require_POST
def post_pin(request, post_id: int):
    post = access.access_post(request.user, post_id, action="pin")
    services.post_pin(person=request.user, post=post, pinned=request.POST.get("pinned") == "1")
    messages.success(request, "Pinned to the top of the group." if post.pinned_at else "Unpinned.")
    return redirect(post)


def _card(request, post: Post):
    page = selectors.page_of(access.posts_visible_to(request.user).filter(pk=post.pk), request.user)
    return render(request, "conversations/_post_actions.html", {"post": page.posts[0]})


@login_required
@require_POST
def post_react(request, post_id: int):
    post = access.access_post(request.user, post_id)
    kind, _, state = request.POST.get("kind", "like").partition(":")
    action = services.reaction_unset if state == "unset" else services.reaction_set
    try:
        action(person=request.user, post=post, kind=kind)
    except ValidationError as exc:
        return HttpResponse(_error_text(exc), status=400)
    if request.headers.get("HX-Request"):
        return _card(request, post)
    return redirect(post)


@login_required
@require_POST
def post_bookmark(request, post_id: int):
    post = access.access_post(request.user, post_id)
    action = services.bookmark_unset if request.POST.get("state") == "unset" else services.bookmark_set
    action(person=request.user, post=post)
    if request.headers.get("HX-Request"):
        return _card(request, post)
    return redirect(post)


@login_required
@require_POST
def reply_create(request, post_id: int):
    post = access.access_post(request.user, post_id)
    try:
        reply = services.reply_create(author=request.user, post=post, body=request.POST.get("body", ""))
    except ValidationError as exc:
        return render(request, "conversations/post_detail.html", _post_page(
            request, post, reply_error=_error_text(exc), reply_draft=request.POST.get("body", "")), status=400)
    return redirect(reply.get_absolute_url())


@login_required
def reply_edit(request, reply_id: int):
    """The author changes their reply; the earlier text stays in its history."""
    reply = access.access_reply(request.user, reply_id, action="edit")
    form = forms.ReplyForm(request.POST or None, initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_edit(person=request.user, reply=reply, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form.add_error("body", _error_text(exc))
        else:
            messages.success(request, "Saved. The earlier version is in the reply's history.")
            return redirect(reply.get_absolute_url())
    return render(request, "conversations/reply_edit.html",
                  {"reply": reply, "form": form, "reply_limit": services.LIMITS["REPLY_MAX_CHARS"]},
                  status=400 if form.errors else 200)


@login_required
def reply_history(request, reply_id: int):
    reply = access.access_reply(request.user, reply_id)
    shown = access.reply_shown_to(request.user, reply)  # a hidden reply's earlier texts are hidden with it
    return render(request, "conversations/reply_history.html",
                  {"reply": reply, "shown": shown, "revisions": list(reply.revisions.all()) if shown else []})


@login_required
@require_POST
def reply_delete(request, reply_id: int):
    reply = access.access_reply(request.user, reply_id, action="delete")
    post = reply.post
    services.reply_delete(person=request.user, reply=reply)
    messages.success(request, "Your reply was deleted.")
    return redirect(post.get_absolute_url() + "#replies")


@login_required
@require_POST
def reply_react(request, reply_id: int):
    reply = access.access_reply(request.user, reply_id, action="react")
    kind, _, state = request.POST.get("kind", "like").partition(":")
    action = services.reply_reaction_unset if state == "unset" else services.reply_reaction_set
    try:
        action(person=request.user, reply=reply, kind=kind)
    except ValidationError as exc:
        return HttpResponse(_error_text(exc), status=400)
    if request.headers.get("HX-Request"):
        return render(request, "conversations/_reply_actions.html",
                      {"reply": selectors.reply_for(reply, request.user)})
    return redirect(reply.get_absolute_url())


@login_required
@require_POST
def best_answer(request, post_id: int):
    post = access.access_post(request.user, post_id, action="choose_best_answer")
    reply = access.access_reply(request.user, request.POST["reply"], post=post) if request.POST.get("reply") else None
    services.best_answer_set(person=request.user, post=post, reply=reply)
    messages.success(request, "Marked as the best answer." if reply else "Best answer cleared.")
    return redirect(post)


@login_required
def attachment_download(request, attachment_id: int):
    attachment = access.access_attachment(request.user, attachment_id)
    # the type comes from the stored bytes, not from the row: a file stored with a wrong type is safe too
    return uploads.file_response(attachment.file, filename=attachment.original_name)


# --- follows -----------------------------------------------------------------------------

@login_required
@require_POST
def follow_toggle(request):
    kind = request.POST.get("kind", "")
    target = access.access_follow_target(request.user, kind, request.POST.get("id", ""))
    target_id = target.pk
    try:
        if request.POST.get("state") == "unset":
            services.follow_unset(person=request.user, target_kind=kind, target_id=target_id)
        else:
            services.follow_set(person=request.user, target_kind=kind, target_id=target_id)
        following = request.POST.get("state") != "unset"
    except ValidationError as exc:
        return HttpResponse(_error_text(exc), status=400)
    if request.headers.get("HX-Request"):
        return render(request, "conversations/_follow_button.html", {"kind": kind, "target": target, "following": following})
    return redirect(safe_next(request, reverse("home")))


@login_required
@require_GET
def following(request):
    """What I follow (people, groups, topics), each with its unfollow button; only ever one's own."""
    return render(request, "conversations/following.html", {"following": selectors.following_of(request.user)})


# --- groups ------------------------------------------------------------------------------

@login_required
def group_list(request):
    qs = access.groups_visible_to(request.user).annotate(is_member=access.member_exists(request.user))
    kind = request.GET.get("kind", "")
    if kind in Group.Kind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(name__icontains=q)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(is_member=True)
    return render(request, "conversations/group_list.html", {
        "groups": qs.order_by("-member_count", "name")[:200], "kinds": Group.Kind.choices, "kind": kind, "q": q, "mine": mine,
    })


def _group_form(request, *, group: Group | None, data, exc: ValidationError | None):
    """The new-group and group-settings form; a refusal is shown beside the field it is about."""
    field_errors = {k: " ".join(v) for k, v in exc.message_dict.items()} if exc is not None and hasattr(exc, "error_dict") else {}
    error = _error_text(exc) if exc is not None and not field_errors else None
    return render(request, "conversations/group_form.html", {
        "group": group, "error": error, "field_errors": field_errors, "data": data,
        "visibilities": Group.Visibility.choices, "kinds": Group.Kind.choices,
    }, status=400 if exc is not None else 200)


@login_required
def group_create(request):
    if request.method == "POST":
        try:
            group = services.group_create(
                creator=request.user, name=request.POST.get("name", ""), description=request.POST.get("description", ""),
                visibility=request.POST.get("visibility", "public"), kind=request.POST.get("kind", "community"),
            )
            messages.success(request, "Your group is ready. Invite a few people to start the conversation.")
            return redirect(group)
        except ValidationError as exc:
            return _group_form(request, group=None, data=request.POST, exc=exc)
    return _group_form(request, group=None, data={}, exc=None)


def _group_context(request, group: Group) -> dict:
    membership = access.membership_of(request.user, group)
    active = membership is not None and membership.state == Membership.State.ACTIVE
    return {
        "group": group, "membership": membership, "is_member": active,
        "is_admin": active and membership.role == Membership.Role.ADMIN,
        "can_read": access.can_read_group_posts(request.user, group),
        "following": selectors.is_following(request.user, Follow.Target.GROUP, group.pk),
    }


@login_required
def group_detail(request, slug: str):
    group = access.access_group(request.user, slug)
    ctx = _group_context(request, group)
    if not ctx["can_read"]:
        return render(request, "conversations/group_detail.html", {**ctx, "page": None})
    pinned = list(selectors.feed_group(request.user, group).filter(pinned_at__isnull=False)
                  .select_related("author").order_by("-pinned_at")[:5])
    ctx.update(pinned=pinned, **_composer_context(request))
    return _feed(request, selectors.feed_group(request.user, group), "conversations/group_detail.html", ctx, title=group.name)


@login_required
def group_members(request, slug: str):
    group = access.access_group(request.user, slug, action="read_posts")
    ctx = _group_context(request, group)
    memberships = selectors.group_members(group, with_pending=ctx["is_admin"])
    return render(request, "conversations/group_members.html", {**ctx, "memberships": memberships[:500]})


@login_required
def group_edit(request, slug: str):
    group = access.access_group(request.user, slug, action="admin")
    if request.method == "POST":
        try:
            services.group_update(person=request.user, group=group, name=request.POST.get("name", ""),
                                  description=request.POST.get("description", ""),
                                  visibility=request.POST.get("visibility", group.visibility),
                                  kind=request.POST.get("kind", group.kind))
            messages.success(request, "Group saved.")
            return redirect(group)
        except ValidationError as exc:
            group.refresh_from_db()
            return _group_form(request, group=group, data=request.POST, exc=exc)
    return _group_form(request, group=group, exc=None, data={
        "name": group.name, "description": group.description, "visibility": group.visibility, "kind": group.kind})


@login_required
@require_POST
def group_join(request, slug: str):
    group = access.access_group(request.user, slug)
    invited = access.membership_of(request.user, group)
    invited = invited is not None and invited.state == Membership.State.INVITED
    with access.refused_as_not_found("No such group"):  # a secret group one was not invited to
        membership = services.group_join(person=request.user, group=group)
    if membership.state == Membership.State.REQUESTED:
        messages.info(request, "Your request to join was sent to the group's admins.")
    elif invited:
        messages.success(request, f"You accepted the invitation. Welcome to {group.name}.")
    else:
        messages.success(request, f"Welcome to {group.name}.")
    return redirect(group)


@login_required
@require_POST
def group_invitation_decline(request, slug: str):
    group = access.access_group(request.user, slug)
    if services.group_invitation_decline(person=request.user, group=group):
        messages.success(request, f"You declined the invitation to {group.name}.")
    else:
        messages.info(request, f"There is no invitation to {group.name} waiting for you.")
    if group.visibility == Group.Visibility.SECRET and not access.can_read_group_posts(request.user, group):
        return redirect("group_list")  # without an invitation, a secret group is hidden from you
    return redirect(group)


@login_required
@require_POST
def group_leave(request, slug: str):
    group = access.access_group(request.user, slug)
    try:
        services.group_leave(person=request.user, group=group)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(group)
    messages.success(request, f"You left {group.name}.")
    if group.visibility == Group.Visibility.SECRET:
        return redirect("group_list")
    return redirect(group)


@login_required
@require_POST
def group_invite(request, slug: str):
    group = access.access_group(request.user, slug, action="admin")
    try:
        people = handles.people_by_handles(request.POST.get("handles", ""), field="handles")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("group_members", slug=group.slug)
    if not people:
        messages.error(request, "Write the handles of the people to invite, such as @alice.")
    for person in people:
        services.group_invite(person=request.user, group=group, invitee=person)
    if people:
        messages.success(request, "Invited " + ", ".join(p.name for p in people) + ".")
    return redirect("group_members", slug=group.slug)


@login_required
@require_POST
def membership_decide(request, slug: str, membership_id: int):
    group = access.access_group(request.user, slug, action="admin")
    membership = access.access_membership(request.user, group, membership_id)
    action = request.POST.get("action")
    try:
        if action in {"approve", "decline"}:
            services.membership_decide(person=request.user, membership=membership, approve=action == "approve")
        elif action in {"admin", "member"}:
            services.membership_set_role(person=request.user, membership=membership, role=action)
        else:
            messages.error(request, "Unknown action.")
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("group_members", slug=group.slug)


# --- notifications and search -------------------------------------------------------------

@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(person=request.user)
        messages.success(request, "All caught up.")
        return redirect("notifications")
    items = selectors.notification_lines(request.user)
    return render(request, "conversations/notifications.html", {"items": items})


@login_required
def notification_open(request, notification_id: int):
    """Open a notification from the bell: it is read from now on, and the reader lands on what it is about.
    A plain link (GET), so it opens with a click, Enter, a middle click or from history alike; marking read
    is set-style, so opening it twice (or a prefetch) changes nothing more."""
    notification = access.access_notification(request.user, notification_id)
    return redirect(services.notification_open(person=request.user, notification=notification))


@login_required
def search(request):
    get = request.GET
    errors: list[str] = []
    results: list = []
    choices: list[dict] = []
    corrected_q = exact_url = ""
    try:
        query = search_parse(request.user, q=get.get("q", ""), kind=get.get("kind", ""),
                             post_kind=get.get("post_kind", ""), author=get.get("author", ""),
                             group=get.get("group", ""), date_from=get.get("from", ""), date_to=get.get("to", ""))
    except ValidationError as exc:  # the same parser and words as the API's search
        errors = exc.messages
        query = None
        for field, offered in getattr(exc, "choices", {}).items():  # several fit: offer each as a link
            for value, label in offered:
                params = get.copy()
                params[field] = value
                choices.append({"field": field, "label": label, "url": f"?{params.urlencode()}"})
    q = query.q if query else get.get("q", "").strip()[:200]
    if query and query.q:
        results = list(search_run(request.user, query).select_related("post", "post__author", "author", "group")[:30])
        fix = search_corrected(request.user, query.q) if len(results) < FEW_RESULTS and not get.get("exact") else None
        if fix:  # "runbok" found little: show what "runbook" finds, with a way back to the words as typed
            fixed = list(search_run(request.user, dataclasses.replace(query, q=fix))
                         .select_related("post", "post__author", "author", "group")[:30])
            if len(fixed) > len(results):
                results, corrected_q = fixed, fix
                params = get.copy()
                params["exact"] = "1"
                exact_url = f"?{params.urlencode()}"
    unsearched = search_words_not_searched(query.q) if query and query.q and not results else []
    terms = search_terms(corrected_q or (query.q if query else ""))
    kind, post_kind = (query.kind, query.post_kind) if query else ("", "")
    return render(request, "conversations/search.html", {
        "q": q, "kind": kind, "post_kind": post_kind, "results": results, "errors": errors, "choices": choices,
        "corrected": corrected_q, "exact_url": exact_url, "terms": terms,
        "unsearched": unsearched, "kinds": SearchEntry.Kind.choices, "post_kinds": Post.Kind.choices,
        "author": request.GET.get("author", ""), "group": request.GET.get("group", ""),
        "date_from": request.GET.get("from", ""), "date_to": request.GET.get("to", ""),
        "filters_set": sum(1 for f in ("kind", "post_kind", "author", "group", "from", "to") if get.get(f, "").strip()),
    }, status=400 if errors else 200)


@login_required
@never_cache
def suggest(request):
    """Suggestions as one types (static/js/suggest.js): ?kind=people|topics|groups&q=… → {"results": [...]}, only
    what the reader may see (search.suggest). Wrong input is the API's JSON error shape with a 400."""
    try:
        results = search_suggest(request.user, kind=request.GET.get("kind", ""), q=request.GET.get("q", ""))
    except ValidationError as exc:
        return json_error(400, " ".join(exc.messages), fields=exc.message_dict)
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
