"""The peer for the home feed: django-activity-stream (PyPI) on the same data.

Follows: each of our person follows and each active group membership becomes an actstream Follow.
Actions: each post becomes "<author> posted <post> in <group>". The stream is
`user_stream(person, with_user_activity=True)`, whose query matches actions whose actor, target or
action object the person follows. Topic follows and company-wide highlights have no counterpart in
actstream, so its page is a subset of ours: that favours the peer.

Both sides render the same post card template; we time "selector + decorate + render" for both,
without the HTTP stack, so the comparison is like for like (our full-stack figure is separate).
"""

import time

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string


def _register():
    from actstream import registry

    from townsquare.conversations.models import Group, Post
    from townsquare.people.models import Person

    for model in (Person, Post, Group):
        try:
            registry.register(model)
        except Exception:  # already registered in this process
            pass


def build(log=print, batch: int = 20_000) -> None:
    from actstream.models import Action
    from actstream.models import Follow as ActFollow

    from townsquare.conversations.models import Follow, Membership, Post
    from townsquare.people.models import Person

    if Action.objects.count() >= Post.objects.count() and Action.objects.exists():
        log("actstream: reusing actions and follows already built")
        return
    log("actstream: building actions and follows from the same data …")
    ct_person = ContentType.objects.get_for_model(Person)
    ct_post = ContentType.objects.get_for_model(Post)
    from townsquare.conversations.models import Group

    ct_group = ContentType.objects.get_for_model(Group)
    with transaction.atomic():
        Action.objects.all().delete()
        ActFollow.objects.all().delete()
        rows = []
        for follower, target in Follow.objects.filter(target_kind="person").values_list("follower_id", "target_id").iterator():
            rows.append(ActFollow(user_id=follower, content_type=ct_person, object_id=str(target), actor_only=False))
        for follower, group in Membership.objects.filter(state="active").values_list("person_id", "group_id").iterator():
            rows.append(ActFollow(user_id=follower, content_type=ct_group, object_id=str(group), actor_only=False))
        for follower, group in Follow.objects.filter(target_kind="group").values_list("follower_id", "target_id").iterator():
            rows.append(ActFollow(user_id=follower, content_type=ct_group, object_id=str(group), actor_only=False))
        ActFollow.objects.bulk_create(rows, batch_size=batch, ignore_conflicts=True)
        actions = []
        qs = Post.objects.order_by("pk").values_list("pk", "author_id", "group_id", "created_at")
        for post_id, author_id, group_id, created_at in qs.iterator(chunk_size=batch):
            actions.append(Action(
                actor_content_type=ct_person, actor_object_id=str(author_id), verb="posted",
                action_object_content_type=ct_post, action_object_object_id=str(post_id),
                target_content_type=ct_group if group_id else None, target_object_id=str(group_id) if group_id else None,
                timestamp=created_at, public=True,
            ))
            if len(actions) >= batch:
                Action.objects.bulk_create(actions)
                actions = []
        Action.objects.bulk_create(actions)
    log(f"actstream: {Action.objects.count()} actions, {ActFollow.objects.count()} follows")


def _actstream_posts(person):
    from actstream.models import user_stream

    from townsquare.conversations.selectors import PAGE_SIZE, card_prefetches, decorate

    actions = list(user_stream(person, with_user_activity=True).prefetch_related("action_object")[:PAGE_SIZE])
    posts = [a.action_object for a in actions if a.action_object is not None]
    prefetch_related_objects(posts, "author__department", "group", "praised_group", *card_prefetches())
    decorate(posts, person)
    return posts


def _our_posts(person):
    from townsquare.conversations.selectors import feed_home, page_of

    return page_of(feed_home(person), person).posts


def _actstream_page(person):
    return render_to_string("conversations/_feed_page.html", {"page": _Page(_actstream_posts(person)), "user": person})


def _our_page(person):
    return render_to_string("conversations/_feed_page.html", {"page": _Page(_our_posts(person)), "user": person})


class _Page:
    def __init__(self, posts):
        self.posts = posts
        self.next_cursor = None


def _pct(samples, q):
    ordered = sorted(samples)
    return round(ordered[max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))], 2)


def measure(sample, clients, requests: int, log=print) -> dict:
    import django

    _register()
    build(log=log)
    timings = {name: [] for name in ("ours", "theirs", "ours_assemble", "theirs_assemble")}
    for fn in (_our_page, _actstream_page):  # warm up
        for person in sample[:5]:
            fn(person)
    # Each side is timed twice: assembling the page's posts (query, prefetch, decorate) and the
    # whole page with the shared card template, whose rendering costs both sides the same.
    for i in range(requests):
        person = sample[i % len(sample)]
        for name, fn in (("ours", _our_page), ("theirs", _actstream_page),
                         ("ours_assemble", _our_posts), ("theirs_assemble", _actstream_posts)):
            start = time.perf_counter()
            fn(person)
            timings[name].append((time.perf_counter() - start) * 1000)
    result = {
        "home_direct_p50_ms": _pct(timings["ours"], 50), "home_direct_p99_ms": _pct(timings["ours"], 99),
        "actstream_home_p50_ms": _pct(timings["theirs"], 50), "actstream_home_p99_ms": _pct(timings["theirs"], 99),
        "home_assemble_p50_ms": _pct(timings["ours_assemble"], 50),
        "actstream_assemble_p50_ms": _pct(timings["theirs_assemble"], 50),
        "actstream_note": f"django-activity-stream 2.0.0 on Django {django.get_version()}; "
                          "selector + render of the same template, no HTTP stack, same people",
    }
    log(f"actstream assemble p50 {result['actstream_assemble_p50_ms']} ms vs ours {result['home_assemble_p50_ms']} ms")
    log(f"actstream page  p50 {result['actstream_home_p50_ms']} ms vs ours {result['home_direct_p50_ms']} ms (direct)")
    return result
