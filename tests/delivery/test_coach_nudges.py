"""Issue 17 #2: the coach's nudges reach the bell and, as the person chose at /notifications/settings/, their
devices by push; once the habit is done that day the nudge leaves the bell (and is not pushed late)."""

from datetime import time
from html import escape

import pytest
from django.utils import timezone

from tests.delivery.test_push import Browser, vapid_in_tmp  # noqa: F401 (a fixture)
from townsquare.coach import selectors
from townsquare.coach import services as coach
from townsquare.coach.models import HabitSetting
from townsquare.conversations import services as conv
from townsquare.conversations.models import Notification
from townsquare.delivery import services
from townsquare.delivery.models import DeliveryPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_due(world):
    """Every habit of alice is due now (anchored at midnight), nobody else's."""
    for p in (world.erin, world.gina, world.otto, world.olga):
        for habit in ("describe", "interact", "recognise"):
            HabitSetting.objects.create(person=p, habit=habit, enabled=False, anchor=time(0, 0))
    for habit in ("describe", "interact", "recognise"):
        HabitSetting.objects.create(person=world.alice, habit=habit, enabled=True, anchor=time(0, 0))
    return world


def coach_bell(person):
    return Notification.objects.filter(recipient=person, verb=Notification.Verb.COACH)


def test_a_nudge_rings_the_persons_own_bell_in_friendly_words(alice_due, client_for):
    run = coach.nudges_send()
    assert len(run.created) == 3
    bell = {n.link: n for n in coach_bell(alice_due.alice)}
    assert set(bell) == {"/coach/#habit-describe", "/coach/#habit-interact", "/coach/#habit-recognise"}
    today = timezone.localdate(timezone.now(), timezone=selectors.rules.zone_of(alice_due.alice))
    assert bell["/coach/#habit-describe"].message == selectors.nudge_words("describe", today)
    page = client_for(alice_due.alice).get("/notifications/").content.decode()
    assert escape("Your coach: " + selectors.nudge_words("interact", today)) in page
    assert "Alice Member a nudge" not in page
    # a second tick rings nothing more
    coach.nudges_send()
    assert coach_bell(alice_due.alice).count() == 3


def test_email_only_nudges_stay_out_of_the_bell(alice_due):
    from townsquare.coach.models import CoachPreference

    CoachPreference.objects.create(person=alice_due.alice, channel="email")
    coach.nudges_send()
    assert not coach_bell(alice_due.alice).exists()


def test_a_nudge_is_pushed_unless_the_person_switched_coach_push_off(alice_due, http_server, vapid_in_tmp):  # noqa: F811
    endpoint = http_server()
    phone = Browser(f"{endpoint.url}/push/alice-phone")
    phone.subscribe(alice_due.alice)
    coach.nudges_send()
    n = coach_bell(alice_due.alice).get(link="/coach/#habit-describe")
    assert services.wanted([n]) == [n.pk]
    run = services.deliver_notifications([n.pk])
    assert (run.pushed, run.emailed) == (1, 0)  # the coach emails nudges itself, as set in its settings
    shown = phone.decrypt(endpoint.requests[0].body)
    assert shown["title"] == f"Your coach: {n.message}" and shown["url"] == "/coach/#habit-describe"

    services.preferences_save(person=alice_due.alice, email={"mention"}, push={"mention"}, digest="weekly")
    assert DeliveryPreference.objects.get(person=alice_due.alice).push_coach is False
    other = coach_bell(alice_due.alice).get(link="/coach/#habit-interact")
    assert services.wanted([other]) == []


def test_the_preferences_page_offers_coach_push_and_points_to_coach_settings_for_email(world, client_for):
    page = client_for(world.alice).get("/notifications/settings/").content.decode()
    assert 'name="push_coach"' in page and 'name="email_coach"' not in page
    assert 'data-testid="coach-email-link"' in page


def test_doing_the_habit_takes_its_nudge_out_of_the_bell_and_the_coach_page(alice_due, client_for,
                                                                             django_capture_on_commit_callbacks):
    coach.nudges_send()
    with django_capture_on_commit_callbacks(execute=True):
        conv.post_create(author=alice_due.alice, body="In the Seattle office, starting the Q3 forecast")
    assert sorted(coach_bell(alice_due.alice).values_list("link", flat=True)) == [
        "/coach/#habit-interact", "/coach/#habit-recognise"]
    with django_capture_on_commit_callbacks(execute=True):
        post = conv.post_create(author=alice_due.gina, body="Month-end is closed")
        conv.reaction_set(person=alice_due.alice, post=post, kind="like")
    assert list(coach_bell(alice_due.alice).values_list("link", flat=True)) == ["/coach/#habit-recognise"]
    page = client_for(alice_due.alice).get("/coach/").content.decode()
    assert page.count('data-testid="nudge"') == 1  # only recognise is still open today
