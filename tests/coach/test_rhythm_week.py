"""Rhythm (check-in sessions, presence), the weekly review's numbers and verdict, the weekly email
(idempotent per person and ISO week), Grow, and the coach as a start page."""

from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

import pytest
from django.core import mail

from tests.conftest import PASSWORD
from townsquare.coach import rules, selectors, services
from townsquare.coach.models import CoachPreference, HabitSetting, WeeklyDigest
from townsquare.conversations import services as conversations
from townsquare.conversations.models import Follow, PostView, Reaction
from townsquare.people.models import Person


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def stamp(obj, moment):
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment)
    return obj


def react(person, post, moment, kind="like"):
    conversations.reaction_set(person=person, post=post, kind=kind)
    return stamp(Reaction.objects.get(post=post, person=person, kind=kind), moment)


def view(person, post, moment):
    assert conversations.post_view_record(person=person, post=post)
    return stamp(PostView.objects.get(post=post, person=person), moment)


LONG_AGO = datetime(2024, 12, 1, tzinfo=UTC)


def joined(*people, when=LONG_AGO):
    Person.objects.filter(pk__in=[p.pk for p in people]).update(date_joined=when)
    for p in people:
        p.refresh_from_db()


# --- sessions -------------------------------------------------------------------------------------------

def test_a_pause_of_thirty_minutes_starts_a_new_session():
    t = utc(2025, 1, 15, 9, 0)
    sessions = rules.sessions_of([(t, True), (t + timedelta(minutes=29), False),
                                  (t + timedelta(minutes=59), False),  # 30 minutes after the last action
                                  (t + timedelta(minutes=70), True)])
    assert [(s.actions, s.visible, s.minutes) for s in sessions] == [(2, 1, 29), (2, 1, 11)]
    assert rules.sessions_of([]) == []


def test_rhythm_counts_sessions_on_the_local_day_and_what_colleagues_saw(world):
    alice, gina = world.alice, world.gina  # alice is in Los Angeles: UTC-8 in January
    a = stamp(conversations.post_create(author=gina, body="Month-end checklist", group=world.public), utc(2025, 1, 14, 1))
    b = stamp(conversations.post_create(author=gina, body="Board pack draft", group=world.public), utc(2025, 1, 14, 2))
    c = stamp(conversations.post_create(author=gina, body="Forecast review", group=world.public), utc(2025, 1, 14, 3))
    # The 14th, 23:50 local: reads a post; 20 minutes later (00:10 on the 15th) reacts: one session, on the 14th.
    view(alice, a, utc(2025, 1, 15, 7, 50))
    react(alice, b, utc(2025, 1, 15, 8, 10))
    # The 15th: an update at 08:30 and a reaction at 08:45 (one session), a read at 09:20 (35 minutes later:
    # a second session), a reply at 12:00 (a third).
    mine = stamp(conversations.post_create(author=alice, body="Starting the Q3 forecast today"), utc(2025, 1, 15, 16, 30))
    react(alice, c, utc(2025, 1, 15, 16, 45))
    view(alice, b, utc(2025, 1, 15, 17, 20))
    stamp(conversations.reply_create(author=alice, post=a, body="Added two items."), utc(2025, 1, 15, 20, 0))
    view(gina, mine, utc(2025, 1, 15, 18, 0))

    r = selectors.rhythm(alice, now=utc(2025, 1, 15, 21, 0))
    assert r.today == date(2025, 1, 15) and len(r.days) == rules.RHYTHM_DAYS
    today, yesterday = r.days[0], r.days[1]
    assert [s.start.strftime("%H:%M") for s in today.sessions] == ["08:30", "09:20", "12:00"]
    assert today.count == 3 and today.on_rhythm
    assert [s.start.strftime("%H:%M") for s in yesterday.sessions] == ["23:50"] and yesterday.sessions[0].minutes == 20
    assert not yesterday.on_rhythm and yesterday.seen == []
    assert [(i.what, i.viewers) for i in today.seen] == [("post", 1), ("reply", None)]
    assert today.seen[0].label.startswith("Update: Starting the Q3")
    assert r.sessions == 4 and r.days_on_rhythm == 1 and r.days_present == 1 and r.sessions_with_news == 2


# --- the weekly review --------------------------------------------------------------------------------

NOW = utc(2025, 1, 22, 20, 0)  # Wednesday 22 January, 12:00 in Los Angeles: the week of Monday 20 January


def test_weekly_review_numbers_on_a_constructed_history(world):
    alice, gina, otto, erin, olga = world.alice, world.gina, world.otto, world.erin, world.olga
    joined(alice, gina, otto, erin, olga)
    old = stamp(conversations.post_create(author=alice, body="Hello, I'm new here"), utc(2024, 12, 1, 18))
    react(gina, old, utc(2024, 12, 2, 18))  # gina's first connection is in December
    p1 = stamp(conversations.post_create(author=alice, body="Q3 forecast is out"), utc(2025, 1, 14, 17))
    react(alice, p1, utc(2025, 1, 14, 17, 5))  # her own reaction counts for nothing
    react(gina, p1, utc(2025, 1, 14, 18))
    view(gina, p1, utc(2025, 1, 14, 17, 55))
    stamp(conversations.reply_create(author=gina, post=p1, body="Nice work"), utc(2025, 1, 15, 18))
    Follow.objects.create(follower=erin, target_kind="person", target_id=alice.pk, created_at=utc(2025, 1, 16, 18))
    react(olga, p1, utc(2025, 1, 20, 7, 30))  # Sunday 19th, 23:30 in Los Angeles: last week
    react(otto, p1, utc(2025, 1, 20, 17))  # Monday 20th: this week, otto's first connection
    view(otto, p1, utc(2025, 1, 20, 16, 55))
    react(erin, p1, utc(2025, 1, 21, 17))  # erin already follows: not a new connection
    view(erin, p1, utc(2025, 1, 21, 16, 55))
    question = conversations.post_create(author=olga, kind="question", body="@alice which model should we use?")
    stamp(question, utc(2025, 1, 21, 19))

    w = selectors.weekly_review(alice, now=NOW)
    assert w.focus.start == date(2025, 1, 20) and w.before.start == date(2025, 1, 13)
    this = {r.key: r.this for r in w.rows}
    before = {r.key: r.before for r in w.rows}
    assert this == {"reactions": 2, "replies": 0, "questions": 1, "connections": 1, "viewers": 2}
    assert before == {"reactions": 2, "replies": 1, "questions": 0, "connections": 2, "viewers": 1}
    assert (w.before.posts, w.focus.posts) == (1, 0)
    assert w.before.score == Fraction(21, 2) and w.focus.score == 9  # 2+2+0+6+½ and 2+0+3+3+1
    assert w.score_change == "-1.5"
    # Six complete weeks since her first post, the last of them the only one with a response.
    assert w.complete_weeks == 6
    assert w.verdict.key == rules.GROWING and w.verdict.recent_mean == Fraction(7, 2)


def test_no_verdict_before_three_weeks_of_posting(world):
    alice = world.alice
    joined(alice)
    stamp(conversations.post_create(author=alice, body="First post"), utc(2025, 1, 8, 18))
    w = selectors.weekly_review(alice, now=NOW)
    assert w.complete_weeks == 2 and w.verdict is None and w.weeks_to_verdict == 1


@pytest.mark.parametrize(("scores", "expected"), [
    ([4, 4], None),  # two weeks are not enough
    ([5, 3, 2], rules.ABSENT),  # recent mean 2.5 < 3
    ([5, 3, 3], rules.FLAT),  # recent mean exactly 3: not absent; below the earlier 5: flat
    ([8, 10, 10], rules.GROWING),  # exactly 125% of 8 and exactly 2 points more
    ([8, 10, Fraction(19, 2)], rules.FLAT),  # 9.75: just under 125%
    ([4, 5, 6], rules.FLAT),  # 137% but only 1.5 points more
    ([4, 6, 6], rules.GROWING),  # 150% and 2 points more
    ([0, 0, 0, 0, 0, 0, 0], rules.ABSENT),  # nothing, ever
    ([100, 0, 0, 0, 10, 10, 10], rules.GROWING),  # only the last six weeks count: 0 → 10
    ([10, 10, 10, 10, 10, 10], rules.FLAT),
])
def test_verdict_rule_outcomes_and_boundaries(scores, expected):
    v = rules.verdict([Fraction(s) for s in scores])
    assert (v.key if v else None) == expected
    if v:
        assert v.label and v.advice and v.weeks == min(len(scores), rules.VERDICT_MAX_WEEKS)


def test_each_verdict_gives_its_advice():
    assert "Keep going" in rules.verdict([1, 10, 10]).advice
    assert "Change the topic" in rules.verdict([10, 10, 10]).advice
    assert "Stop" in rules.verdict([0, 0, 0]).advice


# --- the weekly email --------------------------------------------------------------------------------

@pytest.fixture
def authors(world):
    joined(*world.people.values())
    stamp(conversations.post_create(author=world.alice, body="Forecast notes"), utc(2025, 1, 14, 17))
    stamp(conversations.post_create(author=world.gina, body="Closing the month"), utc(2025, 1, 14, 17))
    return world


def test_weekly_review_is_made_once_per_person_and_week(authors, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    CoachPreference.objects.create(person=authors.alice, channel="both")
    first = services.weekly_send(NOW)
    second = services.weekly_send(NOW + timedelta(hours=3))
    digests = WeeklyDigest.objects.order_by("person__handle")
    assert [(d.person.handle, d.week_start, d.channel) for d in digests] == [
        ("alice", date(2025, 1, 13), "both"), ("gina", date(2025, 1, 13), "in_app")]  # people without posts: none
    assert len(first.created) == 2 and second.created == [] and second.already_sent == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.test"]
    assert digests[0].emailed_at is not None and digests[1].emailed_at is None
    assert "Reactions to your posts: 0 (week before: 0)" in mail.outbox[0].body


def test_weekly_review_waits_for_monday_morning_and_quiet_hours(authors):
    alice = authors.alice
    services.weekly_send(utc(2025, 1, 27, 15, 0))  # Monday 07:00 in Los Angeles
    assert not WeeklyDigest.objects.filter(person=alice).exists()
    services.weekly_send(utc(2025, 1, 27, 16, 5))  # 08:05
    assert WeeklyDigest.objects.get(person=alice).week_start == date(2025, 1, 20)
    CoachPreference.objects.create(person=authors.gina, quiet_start=time(0, 0), quiet_end=time(23, 59))
    run = services.weekly_send(utc(2025, 2, 4, 20, 0))
    assert run.quiet == 1 and not WeeklyDigest.objects.filter(person=authors.gina, week_start=date(2025, 1, 27)).exists()


def test_a_failed_weekly_email_is_retried_by_the_next_run(authors, settings):
    CoachPreference.objects.create(person=authors.alice, channel="email")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    assert services.weekly_send(NOW).emailed == 0
    assert WeeklyDigest.objects.get(person=authors.alice).emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.weekly_send(NOW).emailed == 1 and len(mail.outbox) == 1
    assert services.weekly_send(NOW).emailed == 0


# --- email through a real SMTP server ---------------------------------------------------------------

def test_nudges_and_weekly_review_arrive_through_smtp_once(authors, smtp_server):
    from django.core.management import call_command

    for p in (authors.erin, authors.gina, authors.otto, authors.olga):
        for habit in ("describe", "interact", "recognise"):
            HabitSetting.objects.create(person=p, habit=habit, enabled=False, anchor=time(8, 30))
    CoachPreference.objects.create(person=authors.alice, channel="email")
    moment = "2025-01-15T21:00:00+00:00"  # 13:00 in Los Angeles: describe and interact are due
    for _ in range(2):
        call_command("coach_nudges", now=moment, stdout=open("/dev/null", "w"))
        call_command("coach_weekly", now=moment, stdout=open("/dev/null", "w"))

    received = smtp_server.to("alice@example.test")
    assert sorted(m.subject for m in received) == sorted([
        selectors.NUDGE_SUBJECTS["describe"], selectors.NUDGE_SUBJECTS["interact"],
        "Your week on Townsquare: 6 January to 12 January"])
    assert all(m.to == ["alice@example.test"] for m in received)
    nudge = next(m for m in received if m.subject == selectors.NUDGE_SUBJECTS["describe"])
    assert selectors.nudge_words("describe", date(2025, 1, 15)) in nudge.body and "/coach/" in nudge.body
    assert "habit is still open" not in nudge.body
    weekly = next(m for m in received if m.subject.startswith("Your week"))
    assert "Reactions to your posts: 0" in weekly.body and "Response score: 0" in weekly.body
    assert "/coach/week/" in weekly.body
    assert len(smtp_server.messages) == 3  # nobody else asked for email


# --- grow -----------------------------------------------------------------------------------------------

def _steady_days(world, first: date, days: int, skip_recognise: date | None = None):
    """Every habit done each local day from `first` for `days` days (alice, Los Angeles, UTC-8)."""
    alice, gina = world.alice, world.gina
    Person.objects.filter(pk=alice.pk).update(date_joined=datetime.combine(first, time(12), tzinfo=UTC))
    alice.refresh_from_db()
    for k in range(days):
        day = first + timedelta(days=k)
        base = datetime.combine(day, time(17), tzinfo=UTC)  # 09:00 in Los Angeles
        stamp(conversations.post_create(author=alice, body=f"Day {k}: at my desk"), base)
        other = stamp(conversations.post_create(author=gina, body=f"Gina's note {k}", group=world.public),
                      base - timedelta(hours=2))
        react(alice, other, base + timedelta(hours=1))
        if day != skip_recognise:
            stamp(conversations.post_create(author=alice, kind="praise", body=f"Thanks @gina, day {k}",
                                            praised_people=[gina]), base + timedelta(hours=2))


GROW_NOW = utc(2025, 1, 15, 23, 0)  # 15:00 on the 15th in Los Angeles


def test_grow_appears_when_every_habit_is_steady(world, client_for):
    _steady_days(world, date(2025, 1, 7), 9)  # 9 days: strength 1 − 0.9⁹ ≈ 61%
    o = selectors.overview(world.alice, now=GROW_NOW)
    assert [h.strength for h in o.habits] == [61, 61, 61]
    assert o.steady and [s.title for s in o.steps][-1] == "Join or host a working-out-loud circle"


def test_grow_stays_hidden_until_steady_and_ignores_switched_off_habits(world):
    _steady_days(world, date(2025, 1, 7), 9, skip_recognise=date(2025, 1, 12))
    o = selectors.overview(world.alice, now=GROW_NOW)
    assert o.habits[2].strength_value < rules.STEADY_STRENGTH <= o.habits[0].strength_value
    assert not o.steady and o.steps == []
    HabitSetting.objects.create(person=world.alice, habit="recognise", enabled=False, anchor=time(17, 30))
    assert selectors.overview(world.alice, now=GROW_NOW).steady
    for habit in ("describe", "interact"):
        HabitSetting.objects.create(person=world.alice, habit=habit, enabled=False, anchor=time(8, 30))
    assert not selectors.overview(world.alice, now=GROW_NOW).steady  # nothing switched on: nothing to grow from


def test_eight_days_are_not_yet_steady(world):
    _steady_days(world, date(2025, 1, 8), 8)  # 1 − 0.9⁸ ≈ 57%
    assert not selectors.overview(world.alice, now=GROW_NOW).steady


def test_coach_pages_show_grow_rhythm_and_week(world, client_for):
    c = client_for(world.alice)
    home = c.get("/coach/").content.decode()
    assert 'data-testid="grow"' not in home and 'data-testid="week-summary"' in home
    assert "Be human, not a press release" in home and "Listen before you post" in home
    week = c.get("/coach/week/").content.decode()
    assert "Reactions to your posts" in week and 'data-testid="verdict-waiting"' in week
    rhythm = c.get("/coach/rhythm/").content.decode()
    assert "Day by day" in rhythm and rules.SESSION_RULE[:40] in rhythm


# --- the coach as a start page -----------------------------------------------------------------------

def test_people_who_chose_it_land_on_the_coach_after_signing_in(world, client):
    CoachPreference.objects.create(person=world.erin, start_on_coach=True)
    r = client.post("/login/", {"username": "erin@example.test", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/coach/"
    assert client.get("/login/")["Location"] == "/coach/"  # already signed in
    client.logout()
    r = client.post("/login/?next=/groups/", {"username": "erin@example.test", "password": PASSWORD})
    assert r["Location"] == "/groups/"  # an explicit destination wins
    client.logout()
    r = client.post("/login/", {"username": "alice@example.test", "password": PASSWORD})
    assert r["Location"] == "/"


def test_the_start_page_is_a_coach_setting(world, client_for):
    c = client_for(world.alice)
    data = {"channel": "in_app", "start_on_coach": "on"}
    for habit, anchor in (("describe", "08:30"), ("interact", "12:30"), ("recognise", "17:30")):
        data |= {f"{habit}_enabled": "on", f"{habit}_anchor": anchor}
    assert c.post("/coach/settings/", data).status_code == 302
    assert CoachPreference.objects.get(person=world.alice).start_on_coach
    assert 'name="start_on_coach" checked' in c.get("/coach/settings/").content.decode().replace('id="id_start_on_coach" ', "")
