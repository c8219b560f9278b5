"""Praise for a team from the composer (issue 17 #4): the composer's praise extra offers one's groups, and the card
reads naturally ("Praise for the Sales team", "the Finance Team", never "the Finance Team team")."""

import re

from django.urls import reverse

from townsquare.conversations import services
from townsquare.conversations.models import Group, Notification, Post


def _praise_line(html: str) -> str:
    line = re.search(r'<div class="praise-to">(.*?)</div>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", line).split())


def test_the_composer_offers_a_team_and_the_card_reads_naturally(world, client_for):
    sales = services.group_create(creator=world.alice, name="Sales", description="Sales.",
                                  visibility=Group.Visibility.PUBLIC, kind=Group.Kind.TEAM)
    client = client_for(world.alice)
    html = client.get(reverse("home")).content.decode()
    assert 'name="praised_group"' in html and f'<option value="{sales.slug}"' in html
    response = client.post(reverse("post_create"), {"kind": "praise", "body": "The quarter closed two days early!",
                                                    "praised_group": world.private.slug})
    assert response.status_code == 302
    post = Post.objects.get(body="The quarter closed two days early!")
    assert post.praised_group == world.private
    html = client.get(post.get_absolute_url()).content.decode()
    assert _praise_line(html) == "🏅 Praise for the Finance Team"
    assert Notification.objects.filter(recipient=world.gina, verb="praise", post=post).exists()  # its members told
    client.post(reverse("post_create"), {"kind": "praise", "body": "Record month", "praised_group": sales.slug,
                                         "praised": "@gina"})
    post = Post.objects.get(body="Record month")
    assert _praise_line(client.get(post.get_absolute_url()).content.decode()) \
        == "🏅 Praise for Gina Groupadmin and the Sales team"
    # a community is "the Data Guild", not "the Data Guild team"
    client.post(reverse("post_create"), {"kind": "praise", "body": "Great meetup", "praised_group": world.public.slug})
    post = Post.objects.get(body="Great meetup")
    assert _praise_line(client.get(post.get_absolute_url()).content.decode()) == "🏅 Praise for the Data Guild"


def test_praise_adds_team_only_where_the_name_does_not_say_so():
    def g(name, kind=Group.Kind.TEAM):
        return Group(name=name, kind=kind)

    assert g("Sales").praise_adds_team
    assert not g("Sales Team").praise_adds_team and not g("Payments squad").praise_adds_team
    assert not g("Python Guild", Group.Kind.COMMUNITY).praise_adds_team
    assert not g("Hiking", Group.Kind.INTEREST).praise_adds_team
