"""Dates are shown in the reader's own time zone (Person.time_zone), not the server's."""

from datetime import UTC, datetime

from townsquare.conversations import services
from townsquare.conversations.models import Post


def test_a_post_time_is_shown_in_each_readers_time_zone(world, client_for):
    post = services.post_create(author=world.gina, body="Quarter closed.", kind="update")
    Post.objects.filter(pk=post.pk).update(created_at=datetime(2026, 11, 20, 23, 30, tzinfo=UTC))

    sydney = client_for(world.erin).get(f"/posts/{post.pk}/").content.decode()  # Australia/Sydney
    los_angeles = client_for(world.alice).get(f"/posts/{post.pk}/").content.decode()  # America/Los_Angeles

    assert "Sat 21 Nov 2026, 10:30 AEDT" in sydney
    assert "Fri 20 Nov 2026, 15:30 PST" in los_angeles
