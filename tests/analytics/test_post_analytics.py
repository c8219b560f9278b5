"""Post analytics: its author finds it from the post page, and the reaction count agrees with its breakdown."""

from django.urls import reverse

from townsquare.conversations import services


def test_the_post_page_links_its_author_to_the_analytics(world, client_for):
    post = services.post_create(author=world.alice, body="Our forecast is out")
    url = reverse("analytics_post", args=[post.pk])
    mine = client_for(world.alice).get(post.url)
    assert mine.status_code == 200 and url in mine.content.decode()
    theirs = client_for(world.gina).get(post.url)
    assert theirs.status_code == 200 and url not in theirs.content.decode()
    assert client_for(world.gina).get(url).status_code == 404


def test_the_headline_reaction_count_is_the_sum_of_its_breakdown(world, client_for):
    post = services.post_create(author=world.alice, body="Our forecast is out")
    services.reaction_set(person=world.alice, post=post, kind="like")      # her own: not counted
    services.reaction_set(person=world.gina, post=post, kind="like")
    services.reaction_set(person=world.gina, post=post, kind="celebrate")
    services.reaction_set(person=world.erin, post=post, kind="insightful")
    page = client_for(world.alice).get(reverse("analytics_post", args=[post.pk]))
    headline = page.context["figures"]["reactions"]
    kinds = dict(page.context["reaction_kinds"])
    assert headline == 3 and sum(kinds.values()) == headline
    assert kinds == {"👍 Like": 1, "🎉 Celebrate": 1, "💡 Insightful": 1}
