"""Model → response dicts. Callers pass rows fetched with the relations these read (no query in here
except where a docstring says so), so a page costs the same number of queries whatever its size."""

from django.urls import reverse

from townsquare.conversations.models import Follow, Group, Membership, Notification, Post, Reply, SearchEntry


def person_ref(p) -> dict:
    return {"id": p.pk, "handle": p.handle, "name": p.name, "title": p.title, "url": p.url,
            "avatar_url": reverse("avatar", args=[p.handle]) if p.avatar else None}


def person(p, *, manager=None) -> dict:
    """`p` with department selected; `manager` the manager row when the caller fetched it."""
    return {**person_ref(p), "department": p.department.name if p.department_id else None, "location": p.location,
            "manager": person_ref(manager) if manager is not None else None, "bio": p.bio,
            "skills": p.skill_list, "interests": p.interest_list, "time_zone": p.time_zone,
            "is_active": p.is_active, "joined_at": p.date_joined}


def me(p) -> dict:
    return {**person(p, manager=p.manager), "email": p.email, "is_org_admin": p.is_org_admin}


def group_ref(g) -> dict:
    return {"id": g.pk, "slug": g.slug, "name": g.name, "url": g.url}


def group(g, membership: Membership | None, *, can_read: bool) -> dict:
    return {**group_ref(g), "description": g.description, "visibility": g.visibility, "kind": g.kind,
            "member_count": g.member_count, "created_at": g.created_at,
            "membership": membership.state if membership else None,
            "is_admin": bool(membership and membership.state == Membership.State.ACTIVE
                             and membership.role == Membership.Role.ADMIN),
            "can_read_posts": can_read}


def member(m: Membership) -> dict:
    return {"person": person_ref(m.person), "role": m.role, "state": m.state, "since": m.created_at}


HIDDEN_POST = "A post was hidden by a moderator."
HIDDEN_REPLY = "A reply was hidden by a moderator."


def post(p: Post, topics: list[str], *, reader_id: int | None = None) -> dict:
    """`p` decorated by conversations.selectors.page_of (author, group, praised people, attachments,
    the reader's reactions and bookmark). A post a moderator hid is whole for its author (with the reason),
    and for everyone else only a notice in its place (no title, text or files)."""
    data = {
        "id": p.pk, "kind": p.kind, "title": p.title, "body": p.body, "body_html": p.body_html,
        "author": person_ref(p.author), "group": group_ref(p.group) if p.group_id else None,
        "created_at": p.created_at, "edited_at": p.edited_at, "pinned": p.pinned_at is not None,
        "topics": topics, "praised_people": [person_ref(x) for x in p.praised_list],
        "praised_group": group_ref(p.praised_group) if p.praised_group_id else None,
        "reply_count": p.reply_count, "reaction_count": p.reaction_count, "reactions": dict(p.reaction_counts),
        "my_reactions": sorted(p.my_reactions), "bookmarked": p.is_bookmarked, "best_answer_id": p.best_answer_id,
        "view_count": p.view_count,
        "attachments": [{"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size,
                         "is_image": a.is_image, "url": reverse("attachment", args=[a.pk])} for a in p.attachment_list],
        "url": p.url, "hidden": p.hidden_at is not None, "hidden_reason": None, "shared": shared(p),
    }
    if p.hidden_at is not None:
        if reader_id == p.author_id:
            data["hidden_reason"] = p.hidden_reason
        else:
            data.update(title="", body=HIDDEN_POST, body_html=f"<p>{HIDDEN_POST}</p>", attachments=[], topics=[],
                        praised_people=[], praised_group=None)
    return data


def shared(p: Post) -> dict | None:
    """A share's original as its reader may see it (decorate checked it through posts_visible_to): the whole
    reference for a reader of the original, only `visible: false` for anyone else. None for other posts."""
    if not getattr(p, "is_share", False):
        return None
    o = p.shared_original
    if o is None:
        return {"visible": False, "post_id": None, "author": None, "group": None, "title": "", "body_html": "",
                "url": None}
    return {"visible": True, "post_id": o.pk, "author": person_ref(o.author),
            "group": group_ref(o.group) if o.group_id else None, "title": o.title, "body_html": o.body_html,
            "url": o.url}


def topics_of(posts: list[Post]) -> dict[int, list[str]]:
    """One query: the topic names of each post."""
    names: dict[int, list[str]] = {p.pk: [] for p in posts}
    rows = Post.topics.through.objects.filter(post_id__in=list(names)).values_list("post_id", "topic__name")
    for post_id, name in rows.order_by("topic__name"):
        names[post_id].append(name)
    return names


def posts(items: list[Post], *, reader=None) -> list[dict]:
    topics = topics_of(items)
    reader_id = getattr(reader, "pk", None)
    return [post(p, topics[p.pk], reader_id=reader_id) for p in items]


def reply(r: Reply, best_answer_id: int | None, *, reader=None) -> dict:
    data = {"id": r.pk, "post_id": r.post_id, "author": person_ref(r.author), "body": r.body,
            "body_html": r.body_html, "created_at": r.created_at, "is_best_answer": r.pk == best_answer_id,
            "url": r.get_absolute_url(), "hidden": r.hidden_at is not None, "hidden_reason": None,
            "edited_at": r.edited_at, "reaction_count": r.reaction_count, "reactions": dict(r.reaction_counts or {})}
    if r.hidden_at is not None:
        if getattr(reader, "pk", None) == r.author_id:
            data["hidden_reason"] = r.hidden_reason
        else:
            data.update(body=HIDDEN_REPLY, body_html=f"<p>{HIDDEN_REPLY}</p>")
    return data


def notification(n: Notification) -> dict:
    return {"id": n.pk, "actor": person_ref(n.actor), "verb": n.verb, "text": n.text, "url": n.get_absolute_url(),
            "post_id": n.post_id, "group": n.group.slug if n.group_id else None, "created_at": n.created_at,
            "read": n.read_at is not None}


def follow(f: Follow, target) -> dict:
    if f.target_kind == Follow.Target.PERSON:
        label, url = target.name, target.url
    elif f.target_kind == Follow.Target.GROUP:
        label, url = target.name, target.url
    else:
        label, url = f"#{target.name}", target.get_absolute_url()
    return {"kind": f.target_kind, "id": f.target_id, "label": label, "url": url, "following": f.pk is not None,
            "since": f.created_at if f.pk else None}


def _snippet(text: str, n: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def search_result(e: SearchEntry) -> dict:
    """`e` with post, post__author, author and group selected."""
    if e.kind == SearchEntry.Kind.POST:
        label = e.post.title or f"{e.post.get_kind_display()} by {e.post.author.name}"
        url = reverse("post_detail", args=[e.object_id])
    elif e.kind == SearchEntry.Kind.REPLY:
        label = f"Reply by {e.author.name}" if e.author_id else "Reply"
        url = reverse("post_detail", args=[e.post_id]) + f"#reply-{e.object_id}"
    elif e.kind == SearchEntry.Kind.PERSON:
        label, url = e.author.name, e.author.url
    else:
        group_row: Group = e.group
        label, url = group_row.name, group_row.url
    return {"kind": e.kind, "id": e.object_id, "label": label, "snippet": _snippet(e.text), "url": url,
            "created_at": e.created_at}
