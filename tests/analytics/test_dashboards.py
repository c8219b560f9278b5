"""Dashboards: what they show, to whom, and the privacy rules (own analytics only, aggregates over 5+ people)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from townsquare.analytics import graph, reports
from townsquare.analytics.metrics import OTHER
from townsquare.analytics.models import AnalystRole, AnalyticsPreference
from townsquare.analytics.selectors import OTHER_VIEWERS
from townsquare.conversations import services
from townsquare.conversations.models import Post
from townsquare.people.models import Department, Person


def make_people(prefix, n, dept, **extra):
    return [Person.objects.create_user(f"{prefix}{i}@example.test", PASSWORD, name=f"{prefix.title()} {i}",
                                       handle=f"{prefix}{i}", department=dept, **extra) for i in range(n)]


@pytest.fixture
def org(world):
    """Big (6 people) and Tiny (4 people) departments that talk to each other and to alice."""
    big = make_people("big", 6, Department.objects.create(name="Big"))
    tiny = make_people("tiny", 4, Department.objects.create(name="Tiny"))
    for i, author in enumerate(big + tiny):
        post = services.post_create(author=author, body=f"Update {i} from {author.name}")
        for reader in (big + tiny)[i % 3::3]:
            if reader != author:
                services.reaction_set(person=reader, post=post, kind="like")
                services.post_view_record(person=reader, post=post)
        services.reply_create(author=world.alice, post=post, body="Nice")
    services.post_create(author=tiny[0], body="Thanks team", kind=Post.Kind.PRAISE, praised_people=big[:2])
    graph.rebuild()
    reports.refresh_all(themes=False)
    return {"big": big, "tiny": tiny}


def test_no_analytics_route_takes_a_person():
    from townsquare.analytics.urls import urlpatterns

    for p in urlpatterns:
        assert not any(k in str(p.pattern) for k in ("handle", "person", "user")), p.pattern


def test_personal_page_shows_my_own_figures(world, client_for):
    w = world
    post = services.post_create(author=w.alice, body="My update")
    services.reaction_set(person=w.gina, post=post, kind="like")
    services.reply_create(author=w.erin, post=post, body="Great")
    services.post_view_record(person=w.gina, post=post)
    services.post_view_record(person=w.otto, post=post)
    other = services.post_create(author=w.gina, body="Gina's")
    services.reaction_set(person=w.alice, post=other, kind="like")
    graph.rebuild()
    response = client_for(w.alice).get(reverse("analytics_personal"))
    assert response.status_code == 200
    c = response.context
    a = c["activity"]
    assert (a.posts, a.reactions_given, a.replies_received, a.reactions_received) == (1, 1, 1, 1)
    assert c["reach"] == 2 and c["response_rate"] == 100
    assert c["network"]["people"] == 2 and c["network"]["reciprocated"] == 1
    assert c["persona"] == "engager"
    assert b"Only you can see this page" in response.content
    # The influence is a percentile once metrics ran, never a score or rank.
    reports.refresh_all(themes=False)
    response = client_for(w.alice).get(reverse("analytics_personal"))
    assert isinstance(response.context["influence"], int) and 0 <= response.context["influence"] <= 100


def test_personal_page_queries_do_not_grow_with_activity(world, client_for):
    client = client_for(world.alice)

    def count():
        graph.rebuild()
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("analytics_personal")).status_code == 200
        return len(q)

    first = services.post_create(author=world.alice, body="one")
    services.reaction_set(person=world.gina, post=first, kind="like")
    few = count()
    for i in range(6):
        post = services.post_create(author=world.alice, body=f"post {i} @gina")
        services.reaction_set(person=world.gina, post=post, kind="like")
        services.reply_create(author=world.erin, post=post, body="ok")
    assert count() == few


def test_post_analytics_audience_merges_small_departments(world, org, client_for):
    post = services.post_create(author=world.alice, body="Read me")
    for p in org["big"] + org["tiny"]:
        services.post_view_record(person=p, post=post)
    response = client_for(world.alice).get(reverse("analytics_post", args=[post.pk]))
    # Tiny (4) alone would be a pool of 4 that 10 viewers minus Big's 6 gives away: Big is pooled with it.
    assert response.context["audience"] == [[OTHER_VIEWERS, 10]]
    assert response.context["hidden_other"] == 0
    assert b"Tiny" not in response.content
    assert client_for(world.gina).get(reverse("analytics_post", args=[post.pk])).status_code == 404


def test_org_aggregates_merge_a_four_person_department(world, org, client_for):
    response = client_for(world.olga).get(reverse("analytics_org"))
    assert response.status_code == 200
    names = response.context["departments"]
    assert "Big" in names and "Tiny" not in names and OTHER in names     # Tiny merged with the other small ones
    assert b"Tiny" not in response.content
    for table in response.context["tables"]:
        csv = client_for(world.olga).get(reverse("analytics_org"), {"format": "csv", "table": table["name"]})
        assert csv.status_code == 200 and b"Tiny" not in csv.content
    persona_counts = [p["people"] for p in response.context["org"]["personas"]]
    assert all(n is None or n == 0 or n >= 5 for n in persona_counts)


def test_group_analytics_wait_for_five_members(world, client_for):
    reports.refresh_all(themes=False)
    response = client_for(world.gina).get(reverse("analytics_group", args=[world.public.slug]))
    assert response.status_code == 200 and response.context["too_small"]
    assert "active" not in response.context and "mix" not in response.context and response.context["tables"] == []
    assert b"at least 5 members" in response.content


def test_emergent_leaders_are_named_only_with_consent(world, org, client_for):
    star = org["big"][0]             # nobody reports to them
    for i, p in enumerate(org["big"][1:] + org["tiny"] + [world.alice, world.gina]):
        post = services.post_create(author=p, body=f"Thanks @{star.handle} ({i})")
        services.reply_create(author=p, post=services.post_create(author=star, body=f"Idea {i}"), body="yes")
        assert post
    graph.rebuild()
    reports.refresh_all(themes=False)
    client = client_for(world.olga)
    page = client.get(reverse("analytics_org"))
    assert page.context["org"]["emergent"]["count"] >= 1
    assert star.name.encode() not in page.content
    client_for(star).post(reverse("analytics_preference"), {"named_as_leader": "on"})
    assert AnalyticsPreference.objects.get(person=star).named_as_leader
    reports.refresh_all(themes=False)
    page = client.get(reverse("analytics_org"))
    assert star.name.encode() in page.content
    assert b"alphabetical" in page.content        # a list of names, never a ranking


def test_analysts_see_the_organisation_and_admins_choose_them(world, client_for):
    reports.refresh_all(themes=False)
    assert client_for(world.alice).get(reverse("analytics_org")).status_code == 404
    admin = client_for(world.olga)
    bad = admin.post(reverse("analytics_analysts"), {"action": "add", "handle": "nobody"})
    assert bad.status_code == 400 and "Nobody has the handle" in bad.content.decode()
    assert admin.post(reverse("analytics_analysts"), {"action": "add", "handle": "alice"}).status_code == 302
    assert AnalystRole.objects.filter(person=world.alice).exists()
    assert client_for(world.alice).get(reverse("analytics_org")).status_code == 200
    assert client_for(world.alice).get(reverse("analytics_analysts")).status_code == 404   # analysts do not choose analysts
    admin.post(reverse("analytics_analysts"), {"action": "remove", "handle": "alice"})
    assert client_for(world.alice).get(reverse("analytics_org")).status_code == 404


def test_an_index_dimension_is_for_org_viewers_and_an_unknown_one_is_a_404(world, client_for):
    from django.http import Http404

    from townsquare.analytics import access

    assert access.access_index_dimension(world.olga, "innovation") == "innovation"
    for person, key in [(world.olga, "nope"), (world.alice, "innovation"), (world.alice, "nope")]:
        with pytest.raises(Http404):
            access.access_index_dimension(person, key)
        assert client_for(person).get(reverse("analytics_index_dimension", args=[key])).status_code == 404
    AnalystRole.objects.create(person=world.alice, granted_by=world.olga)
    page = client_for(world.alice).get(reverse("analytics_index_dimension", args=["innovation"]))
    assert page.status_code == 200 and reverse("analytics_analysts").encode() not in page.content
    assert reverse("analytics_analysts").encode() in client_for(world.olga).get(reverse("analytics_index")).content


def test_csv_export_escapes_formulas_and_names_unknown_tables(world, client_for):
    services.post_create(author=world.alice, body="=HYPERLINK(\"http://evil\")")
    client = client_for(world.alice)
    csv = client.get(reverse("analytics_personal"), {"format": "csv", "table": "top_posts"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in csv.content.decode()
    bad = client.get(reverse("analytics_personal"), {"format": "csv", "table": "nope"})
    assert bad.status_code == 400 and "weeks" in bad.content.decode()


def test_index_and_iceberg_reports(world, org, client_for):
    from townsquare.purpose import services as purpose_services

    purpose_services.purpose_choose(person=world.alice, source="strategy")
    services.post_create(author=world.alice, body="An idea", kind=Post.Kind.IDEA)
    services.post_create(author=world.alice, body="A question?", kind=Post.Kind.QUESTION)
    # A week on, this week is complete and counts (the week in progress is left out of the index).
    reports.refresh_all(timezone.now() + timedelta(weeks=1), themes=False)
    client = client_for(world.olga)
    index = client.get(reverse("analytics_index"))
    dims = {d["key"]: d for d in index.context["data"]["dimensions"]}
    assert set(dims) == {"purpose", "openness", "accountability", "leadership", "innovation"}
    assert all(d["score"] is None or 0 <= d["score"] <= 100 for d in dims.values())
    assert dims["openness"]["metrics"][0]["score"] == 100     # every post is company-wide
    reports.refresh_all(themes=False)
    page = client.get(reverse("analytics_index_dimension", args=["innovation"]))
    assert b"How this number is computed" in page.content and b"idea posts" in page.content
    ice = client.get(reverse("analytics_iceberg"))
    counts = ice.context["data"]["counts"][-1]
    # this week: 1 question (find), 12 updates, their replies and the reactions to them (coordinate),
    # praise (esteem), the idea (purpose); nothing in an interest group (belong)
    assert counts[0] == 1 and counts[3] == 1 and counts[4] == 1 and counts[2] == 0 and counts[1] >= 12 + 10 + 10


def test_themes_show_only_readable_examples(world, client_for):
    from townsquare.analytics import themes
    from townsquare.analytics.models import Report

    for i in range(30):
        services.post_create(author=world.alice, body=f"Our customers love the new pricing plan number {i}")
        services.post_create(author=world.gina, body=f"Quarterly budget forecast review meeting notes {i}")
    secret = services.post_create(author=world.gina, body="budget forecast review secret", group=world.secret)
    data = themes.themes_report(timezone.now() + timedelta(minutes=1))
    assert len(data["themes"]) >= 2
    data["themes"][0]["posts"].insert(0, secret.pk)
    Report.objects.create(key="themes", data=data)
    AnalystRole.objects.create(person=world.otto)
    page = client_for(world.otto).get(reverse("analytics_themes"))
    shown = [p.pk for t in page.context["themes"] for p in t["examples"]]
    assert shown and secret.pk not in shown


def test_org_report_questions_and_answer_times(world, client_for):
    from townsquare.practices import services as practices

    answered = services.post_create(author=world.alice, body="Where is the budget?", kind=Post.Kind.QUESTION)
    services.reply_create(author=world.gina, post=answered, body="In the finance space")
    services.post_create(author=world.otto, body="Anyone?", kind=Post.Kind.QUESTION)
    practices.leader_add(admin=world.olga, person=world.erin)
    practices.question_ask(asker=world.alice, leader=world.erin, body="When do we hire again?")
    reports.refresh_all(themes=False)
    q = client_for(world.olga).get(reverse("analytics_org")).context["org"]["questions"]
    assert (q["asked"], q["unanswered"], q["leaders_asked"], q["leaders_open"]) == (3, 2, 1, 1)
    assert q["median_hours"] is not None and q["median_hours"] >= 0


def test_departments_that_talk_only_among_themselves_are_silos(world, client_for):
    north = make_people("north", 5, Department.objects.create(name="North"))
    south = make_people("south", 5, Department.objects.create(name="South"))
    for team in (north, south):
        for author in team:
            post = services.post_create(author=author, body=f"News from {author.name}")
            for colleague in team:
                if colleague != author:
                    services.reaction_set(person=colleague, post=post, kind="like")
    graph.rebuild()
    reports.refresh_all(themes=False)
    page = client_for(world.olga).get(reverse("analytics_org"))
    rows = {r["department"]: r for r in page.context["net"]["ei_by_department"]}
    assert rows["North"]["ei"] == -1.0 and rows["North"]["silo"] and rows["South"]["silo"]
    assert sorted(page.context["silos"]) == ["North", "South"]
    assert b"Silos:" in page.content


def test_dashboards_read_a_fixed_number_of_queries(world, org, client_for):
    """Organisation pages read stored reports; post and group pages a fixed handful of queries."""
    post = services.post_create(author=world.alice, body="Read me")
    for p in org["big"]:
        services.post_view_record(person=p, post=post)
    pages = [(world.olga, reverse("analytics_org"), 6), (world.olga, reverse("analytics_index"), 5),
             (world.olga, reverse("analytics_iceberg"), 5), (world.alice, reverse("analytics_post", args=[post.pk]), 10),
             (world.gina, reverse("analytics_group", args=[world.public.slug]), 12)]
    for person, url, budget in pages:
        client = client_for(person)
        client.get(url)
        with CaptureQueriesContext(connection) as q:
            assert client.get(url).status_code == 200
        assert len(q) <= budget, (url, len(q), [x["sql"][:80] for x in q.captured_queries])
