"""Query budgets: the pages that matter cost a number of SQL queries that does not grow with what
they show. Each page is measured with a little content, then again after much more content
(reactions, attachments, praise, replies, from many people), and the counts must be identical."""

import struct
import zlib
from datetime import UTC, datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from townsquare.conversations import selectors, services
from townsquare.conversations.models import Follow, Post, Topic
from townsquare.people.models import Person

HOME_BUDGET = 10


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


class Content:
    """Makes varied posts in the public group, company-wide and by alice, with everything a card shows."""

    def __init__(self, world):
        self.w = world
        self.n = 0
        self.crowd = [world.gina, world.erin, world.otto, world.olga]
        self.question = services.post_create(author=world.alice, body="The question everyone answers #budgets",
                                             kind=Post.Kind.QUESTION, group=world.public)

    def person(self) -> Person:
        i = len(self.crowd)
        person = Person.objects.create_user(f"crowd{i}@example.test", "x", name=f"Crowd Person {i}",
                                            handle=f"crowd{i}", title="Budget analyst")
        self.crowd.append(person)
        services.group_join(person=person, group=self.w.public)
        return person

    def add(self, count: int) -> None:
        w = self.w
        for _ in range(count):
            self.n += 1
            i = self.n
            people = [self.person() for _ in range(2)] if i % 3 == 0 else self.crowd[-2:]
            kind = [Post.Kind.UPDATE, Post.Kind.QUESTION, Post.Kind.PRAISE, Post.Kind.IDEA, Post.Kind.ARTICLE][i % 5]
            author = [w.alice, w.gina, people[0]][i % 3]
            extra = {}
            if kind == Post.Kind.PRAISE:
                extra = {"praised_people": [p for p in (w.alice, w.otto, people[1]) if p != author],
                         "praised_group": w.private if i % 2 else None}
            if kind == Post.Kind.ARTICLE:
                extra["title"] = f"Budget article {i}"
            files = [SimpleUploadedFile(f"chart{i}.png", png()), SimpleUploadedFile(f"budget{i}.csv", b"a,b\n1,2\n")]
            post = services.post_create(
                author=author, kind=kind, group=w.public if i % 2 else None, files=files if i % 4 else files[:1],
                body=f"Budget update {i} #budgets for @alice and @{people[1].handle}", **extra)
            for person, reaction in zip(self.crowd[-4:] + [w.alice], ["like", "celebrate", "insightful", "thanks", "like"],
                                        strict=True):
                if person != post.author:
                    services.reaction_set(person=person, post=post, kind=reaction)
            services.bookmark_set(person=w.alice, post=post)
            for person in people:
                services.reply_create(author=person, post=post, body=f"Budget reply from {person.handle}")
            services.reply_create(author=people[i % 2], post=self.question, body=f"Budget answer {i} @alice")
            services.reaction_set(person=people[0], post=self.question, kind="like")
            services.post_view_record(person=people[0], post=self.question)
            # notifications (written on commit in production) for the notifications page
            from townsquare.conversations.models import Notification

            Notification.objects.create(recipient=w.alice, actor=people[0], verb=Notification.Verb.REPLY, post=post)
            Notification.objects.create(recipient=w.alice, actor=people[1], verb=Notification.Verb.GROUP_REQUEST,
                                        group=w.private)


# A cursor older than nothing: the htmx "next page" path (cursor filter + fragment) over the newest posts.
NEWEST = selectors.encode_cursor(SimpleNamespace(created_at=datetime(2999, 1, 1, tzinfo=UTC), pk=10**12))
HTMX = {"HX-Request": "true"}


def pages(world, content) -> dict[str, tuple[str, dict, dict]]:
    topic = Topic.objects.get(name="budgets")
    return {
        "home-next-page": (reverse("home"), {"cursor": NEWEST}, HTMX),
        "group-next-page": (reverse("group_detail", args=[world.public.slug]), {"cursor": NEWEST}, HTMX),
        "profile-next-page": (reverse("profile", args=["alice"]), {"cursor": NEWEST}, HTMX),
        "home": (reverse("home"), {}, {}),
        "company": (reverse("company"), {}, {}),
        "questions": (reverse("questions"), {}, {}),
        "bookmarks": (reverse("bookmarks"), {}, {}),
        "topic": (reverse("topic_feed", args=[topic.name]), {}, {}),
        "group": (reverse("group_detail", args=[world.public.slug]), {}, {}),
        "group-members": (reverse("group_members", args=[world.public.slug]), {}, {}),
        "post": (reverse("post_detail", args=[content.question.pk]), {}, {}),
        "post-seen-by": (reverse("post_seen_by", args=[content.question.pk]), {}, {}),
        "profile": (reverse("profile", args=["alice"]), {}, {}),
        "org-chart": (reverse("org_chart", args=["gina"]), {}, {}),
        "directory": (reverse("directory"), {}, {}),
        "search": (reverse("search"), {"q": "budget"}, {}),
        "search-posts": (reverse("search"), {"q": "budget", "kind": "post"}, {}),
        "notifications": (reverse("notifications"), {}, {}),
    }


def count_queries(client, url: str, params: dict, headers: dict | None = None) -> tuple[int, list[str]]:
    client.get(url, params, headers=headers)  # warm up: first views and sessions are not what we measure
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def measure(client, world, content) -> dict[str, int]:
    counts, sql = {}, {}
    for name, (url, params, headers) in pages(world, content).items():
        counts[name], sql[name] = count_queries(client, url, params, headers)
    return counts, sql


def test_query_counts_do_not_grow_with_content(world, client_for):
    Follow.objects.create(follower=world.alice, target_kind=Follow.Target.PERSON, target_id=world.erin.pk)
    content = Content(world)
    content.add(5)
    client = client_for(world.alice)
    small, small_sql = measure(client, world, content)

    content.add(40)
    page = selectors.page_of(selectors.feed_home(world.alice), world.alice)
    assert len(page.posts) == selectors.PAGE_SIZE and page.next_cursor  # a full page now, with more behind it
    assert content.question.replies.count() == 45
    large, large_sql = measure(client, world, content)

    grown = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    detail = {name: large_sql[name] for name in grown}
    assert grown == {}, f"query counts grew (before, after): {grown}\n{detail}"
    assert large["home"] <= HOME_BUDGET


def test_home_feed_budget(world, client_for):
    content = Content(world)
    content.add(25)
    client = client_for(world.alice)
    count, sql = count_queries(client, reverse("home"), {})
    assert count <= HOME_BUDGET, "\n".join(sql)
    html = client.get(reverse("home")).content.decode()
    assert html.count('class="post"') == selectors.PAGE_SIZE


def test_home_feed_walks_the_newest_first_index_and_stops_at_a_page(world):
    """The home feed mixes many sources. Gathering each source's posts and sorting them all costs
    time in proportion to everything readable; the plan must instead walk the newest-first index."""
    services.follow_set(person=world.alice, target_kind="person", target_id=world.erin.pk)
    qs = selectors.feed_home(world.alice).order_by("-created_at", "-id").values_list("id", flat=True)[:20]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            plan = " ".join(str(row[-1]) for row in cursor.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall())
            assert "post_newest" in plan and "MULTI-INDEX OR" not in plan and "TEMP B-TREE" not in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # an empty table would be scanned otherwise
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "post_newest" in plan and "Sort" not in plan.split("Limit", 1)[1].split("SubPlan", 1)[0], plan


def test_ranked_home_and_company_do_not_grow_with_content(world, client_for):
    """The ranked order (issue 17 #1) is one query in SQL, at the same budget as newest first."""
    Follow.objects.create(follower=world.alice, target_kind=Follow.Target.PERSON, target_id=world.erin.pk)
    services.feed_order_set(person=world.alice, order="ranked")
    content = Content(world)
    content.add(5)
    client = client_for(world.alice)
    urls = {"home": reverse("home"), "company": reverse("company")}
    small = {name: count_queries(client, url, {})[0] for name, url in urls.items()}
    content.add(40)
    large = {name: count_queries(client, url, {}) for name, url in urls.items()}
    assert {name: n for name, (n, _) in large.items()} == small, large
    assert large["home"][0] <= HOME_BUDGET, "\n".join(large["home"][1])
    html = client.get(reverse("home")).content.decode()
    assert html.count('class="post"') == selectors.PAGE_SIZE and 'value="ranked" aria-pressed="true"' in html
