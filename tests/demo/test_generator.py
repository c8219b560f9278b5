"""The demo generator: a plausible organisation, the same one for the same seed."""

import hashlib
import re

import pytest
from django.core.management import call_command
from django.db.models import Count

from townsquare.conversations import search
from townsquare.conversations.models import Group, Post, Reaction, Reply
from townsquare.demo.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, generate
from townsquare.people.models import Department, Person

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint() -> str:
    """A digest of what a visitor would see, independent of when the generator ran (and of database ids,
    which a flush does not reset: links in generated text are compared without them; nor of the random tokens
    of an experiment's counted links, which are secret by design)."""
    h = hashlib.sha256()
    for row in Person.objects.order_by("email").values_list("email", "name", "title", "department__name",
                                                             "manager__email"):
        h.update(repr(row).encode())
    for row in Group.objects.order_by("slug").values_list("slug", "visibility", "kind", "member_count"):
        h.update(repr(row).encode())
    for row in Post.objects.order_by("author__email", "created_at", "body").values_list(
            "author__email", "kind", "body", "group__slug", "reply_count", "reaction_count"):
        h.update(re.sub(r"/\d+/", "/N/", re.sub(r"/x/[\w-]+/", "/x/T/", repr(row))).encode())
    return h.hexdigest()


def test_the_demo_organisation_is_plausible():
    counts = generate(people=120, seed=7, weeks=3, progress=False)
    assert Person.objects.count() == 120 == counts["people"]

    # A real management tree: one root, every other person has a manager, no cycles.
    roots = list(Person.objects.filter(manager__isnull=True))
    assert len(roots) == 1
    for person in Person.objects.all()[:40]:
        seen = set()
        while person is not None:
            assert person.pk not in seen
            seen.add(person.pk)
            person = person.manager
    assert Department.objects.count() >= 5

    # Groups of every visibility and kind.
    assert set(Group.objects.values_list("visibility", flat=True)) == set(Group.Visibility.values)
    assert set(Group.objects.values_list("kind", flat=True)) == set(Group.Kind.values)

    # Activity of every post kind, with replies and reactions; counters agree with the rows.
    assert set(Post.objects.values_list("kind", flat=True)) == set(Post.Kind.values)
    assert Reply.objects.count() > 0 and Reaction.objects.count() > 0
    for post in Post.objects.annotate(n=Count("replies", distinct=True)).order_by("?")[:30]:
        assert post.reply_count == post.n

    # Engagement is uneven: some very engaged people, and quiet executives new to social.
    per_author = sorted(Post.objects.values("author").annotate(n=Count("id")).values_list("n", flat=True))
    assert per_author[-1] >= 5 * max(1, per_author[len(per_author) // 2])
    ceo = Person.objects.get(email=DEMO_ACCOUNTS[0][0])
    assert ceo.manager is None
    assert ceo.check_password(DEMO_PASSWORD)
    # a first update, a praise, another update, the AMA; influence's staged post, the one asking for feedback and
    # the experiment's two variants
    assert Post.objects.filter(author=ceo).count() <= 8

    # The search index holds the generated texts.
    post = Post.objects.filter(group__isnull=True).order_by("id").first()
    # (the longest word the index keeps: PostgreSQL's English configuration leaves out words such as "before")
    word = max(set(search.terms_of(post.body)) - set(search.words_not_searched(post.body)), key=len)
    assert search.search_entries(ceo, word).filter(post=post).exists()


def test_the_same_seed_gives_the_same_organisation():
    generate(people=60, seed=3, weeks=2, progress=False)
    first = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    generate(people=60, seed=3, weeks=2, progress=False)
    assert fingerprint() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(people=60, seed=4, weeks=2, progress=False)
    assert fingerprint() != first


def test_too_small_an_organisation_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="at least"):
        generate(people=3, progress=False)
    assert Person.objects.count() == 0


def test_every_main_page_renders_over_the_generated_organisation(client):
    generate(people=80, seed=5, weeks=2, progress=False)
    for email, _ in DEMO_ACCOUNTS:
        person = Person.objects.get(email=email)
        client.force_login(person)
        group = Group.objects.filter(visibility=Group.Visibility.PUBLIC).first()
        post = Post.objects.filter(group__isnull=True).order_by("-reply_count").first()
        topic = post.topics.first() or Post.objects.exclude(topics=None).first().topics.first()
        for url in ["/", "/company/", "/questions/", "/bookmarks/", "/groups/", "/people/", "/notifications/",
                    "/search/?q=team", person.get_absolute_url(), f"{person.get_absolute_url()}org/",
                    group.get_absolute_url(), f"/posts/{post.pk}/", f"/topics/{topic.name}/"]:
            response = client.get(url)
            assert response.status_code == 200, (email, url)


def test_the_demo_ceo_signs_in_to_a_coach_with_some_history(client):
    from townsquare.coach import selectors
    from townsquare.coach.models import CoachPreference, HabitSetting

    generate(people=60, seed=2, weeks=3, progress=False)
    ceo = Person.objects.get(email=DEMO_ACCOUNTS[0][0])
    assert CoachPreference.objects.get(person=ceo).start_on_coach
    assert HabitSetting.objects.filter(person=ceo, enabled=True).count() == 3
    response = client.post("/login/", {"username": ceo.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/coach/"
    assert client.get("/coach/").status_code == 200
    assert client.get("/coach/week/").status_code == 200 and client.get("/coach/rhythm/").status_code == 200

    # A partial history: listening on many days, then a first update, a praise and another update (the
    # announcement of an ask-me-anything session, from the events demo, is an event post now, not an update).
    o = selectors.overview(ceo)
    describe, interact, recognise = o.habits
    assert describe.done_in_heatmap == 2 and recognise.done_in_heatmap == 1
    assert interact.done_in_heatmap >= 8 and interact.streak >= 3
    assert 0 < describe.strength < 60 and not o.steady  # progress, not yet steady
    assert set(Post.objects.filter(author=ceo).values_list("kind", flat=True)) == {"update", "praise", "event"}
    assert Reaction.objects.filter(post__author=ceo).exclude(person=ceo).exists()
    assert o.week.before is not None
