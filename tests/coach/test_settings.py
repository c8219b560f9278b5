"""The settings form: good input is saved; bad input is a 400 with a clear error and changes nothing."""

from datetime import time

import pytest

from townsquare.coach import selectors
from townsquare.coach.models import CoachPreference, HabitSetting

GOOD = {"describe_enabled": "on", "describe_anchor": "07:45", "interact_enabled": "on", "interact_anchor": "12:30",
        "recognise_anchor": "18:00", "channel": "email", "quiet_start": "22:00", "quiet_end": "07:00"}


def test_defaults_before_anything_is_saved(world, client_for):
    settings = selectors.habit_settings(world.alice)
    assert {h: (s.enabled, s.anchor) for h, s in settings.items()} == {
        "describe": (True, time(8, 30)), "interact": (True, time(12, 30)), "recognise": (True, time(17, 30))}
    html = client_for(world.alice).get("/coach/settings/").content.decode()
    assert 'value="08:30"' in html and 'value="17:30"' in html


def test_good_input_is_saved(world, client_for):
    response = client_for(world.alice).post("/coach/settings/", GOOD)
    assert response.status_code == 302 and response.url == "/coach/"
    saved = {s.habit: (s.enabled, s.anchor) for s in HabitSetting.objects.filter(person=world.alice)}
    assert saved == {"describe": (True, time(7, 45)), "interact": (True, time(12, 30)),
                     "recognise": (False, time(18, 0))}
    pref = CoachPreference.objects.get(person=world.alice)
    assert (pref.channel, pref.quiet_start, pref.quiet_end) == ("email", time(22, 0), time(7, 0))


@pytest.mark.parametrize("change, message", [
    ({"interact_anchor": "25:99"}, "Enter a time of day as HH:MM"),
    ({"describe_anchor": "half past eight"}, "Enter a time of day as HH:MM"),
    ({"recognise_anchor": ""}, "Recognise at: Enter a time of day"),
    ({"channel": "pigeon"}, "Choose in Townsquare, by email, or both."),
    ({"quiet_end": ""}, "Quiet hours need both a start and an end"),
    ({"quiet_end": "22:00"}, "cannot start and end at the same time"),
    ({"describe_anchor": "08:30\x00"}, "Enter a time of day as HH:MM"),
    ({"describe_anchor": "0" * 5000}, "Enter a time of day as HH:MM"),
])
def test_bad_input_is_refused_and_nothing_changes(world, client_for, change, message):
    client = client_for(world.alice)
    assert client.post("/coach/settings/", GOOD).status_code == 302
    before = (list(HabitSetting.objects.filter(person=world.alice).order_by("habit").values()),
              list(CoachPreference.objects.filter(person=world.alice).values()))
    response = client.post("/coach/settings/", {**GOOD, "describe_anchor": "06:00", **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    after = (list(HabitSetting.objects.filter(person=world.alice).order_by("habit").values()),
             list(CoachPreference.objects.filter(person=world.alice).values()))
    assert after == before


def test_settings_are_per_person(world, client_for):
    client_for(world.alice).post("/coach/settings/", GOOD)
    assert not HabitSetting.objects.filter(person=world.olga).exists()
    html = client_for(world.olga).get("/coach/settings/").content.decode()
    assert 'value="07:45"' not in html and "alice@example.test" not in html
