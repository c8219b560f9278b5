"""The iceberg of uses: a reaction counts at the level of what it responds to; bars are as wide as their share."""

from django.urls import reverse

from townsquare.analytics import reports
from townsquare.conversations import services
from townsquare.conversations.models import Post


def test_a_reaction_counts_at_the_level_of_the_post_it_responds_to(world, client_for):
    question = services.post_create(author=world.alice, body="Where is the budget?", kind=Post.Kind.QUESTION)
    praise = services.post_create(author=world.gina, body="Thank you Alice", kind=Post.Kind.PRAISE,
                                  praised_people=[world.alice])
    idea = services.post_create(author=world.otto, body="Let us try a four-day week", kind=Post.Kind.IDEA)
    for who in (world.gina, world.erin, world.otto):
        services.reaction_set(person=who, post=question, kind="like")
    for who in (world.alice, world.erin):
        services.reaction_set(person=who, post=praise, kind="celebrate")
    services.reaction_set(person=world.alice, post=idea, kind="support")
    find, coordinate, belong, esteem, purpose = reports.iceberg_report()["counts"][-1]
    assert (find, coordinate, belong, esteem, purpose) == (1 + 3, 0, 0, 1 + 2, 1 + 1)


def test_iceberg_bars_are_as_wide_as_their_share(world, client_for):
    question = services.post_create(author=world.alice, body="Where is the budget?", kind=Post.Kind.QUESTION)
    for who in (world.gina, world.erin, world.otto):
        services.reaction_set(person=who, post=question, kind="like")
    services.post_create(author=world.gina, body="Team news")
    reports.refresh_all(themes=False)
    page = client_for(world.olga).get(reverse("analytics_iceberg"))
    bars = {lv["key"]: (lv["share"], lv["width"]) for lv in page.context["iceberg"]}
    assert bars["find"] == (80.0, 80) and bars["coordinate"] == (20.0, 20) and bars["purpose"] == (0.0, 0)
    html = page.content.decode()
    assert 'class="ice-bar pct-80"' in html and 'class="ice-bar pct-0"' in html
