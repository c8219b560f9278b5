"""Issue 17 "Everyday polish" for the coach: each test here failed on the code before the fix."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from townsquare.coach import rules, selectors, services
from townsquare.coach.models import Habit
from townsquare.conversations import services as conversations
from townsquare.practices import services as practices


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _two_questions_for_erin(world):
    practices.leader_add(admin=world.olga, person=world.erin)
    q1 = practices.question_ask(asker=world.alice, leader=world.erin, body="Why did we pause the Lisbon office?")
    q2 = practices.question_ask(asker=world.gina, leader=world.erin, body="What is the plan for the pricing review?")
    # Someone else already chimed in on the first one: it still waits for Erin.
    conversations.reply_create(author=world.otto, post=q1.post, body="I wondered the same.")
    return q1, q2


# --- 1. questions addressed to a person come first, and count in the weekly review ------------------------

def test_interact_prompt_puts_open_questions_addressed_to_the_leader_first(world):
    q1, q2 = _two_questions_for_erin(world)
    now = timezone.now()
    today = rules.local_date(now, rules.zone_of(world.erin))
    prompt = selectors.prompt_for(world.erin, Habit.INTERACT, now, today)
    assert [p.pk for p in prompt.posts] == [q1.post.pk, q2.post.pk]
    assert "waiting for your answer" in prompt.text and "Nothing" not in prompt.text


def test_interact_prompt_from_the_day_snapshot_finds_questions_asked_since(world):
    snapshot = services.day_snapshot(world.erin)  # built before the questions were asked
    q1, q2 = _two_questions_for_erin(world)
    overview = selectors.overview(world.erin, snapshot=snapshot)
    interact = next(h for h in overview.habits if h.habit == Habit.INTERACT)
    assert [p.pk for p in interact.prompt.posts] == [q1.post.pk, q2.post.pk]


def test_an_answered_leadership_question_no_longer_waits(world):
    q1, q2 = _two_questions_for_erin(world)
    practices.question_answer(person=world.erin, question=q2, answer="We start it in March.")
    assert [p.pk for p in selectors.questions_addressed_to(world.erin, timezone.now())] == [q1.post.pk]


def test_weekly_review_counts_leadership_questions_addressed_to_you(world):
    _two_questions_for_erin(world)
    conversations.post_create(author=world.alice, kind="question", body="@erin and one more, by mention")
    review = selectors.weekly_review(world.erin)
    assert {r.key: r.this for r in review.rows}["questions"] == 3
    # The coach page's fast path (this_week_numbers) agrees with the full count.
    snapshot = services.day_snapshot(world.erin)
    fast = selectors.weekly_review(world.erin, snapshot=snapshot)
    assert fast.focus.questions == 3


# --- 8. nudges in a person's words, varied ------------------------------------------------------------------

def test_nudge_words_vary_from_day_to_day_and_never_sound_like_a_status_report():
    start = datetime(2026, 3, 2).date()
    for habit in Habit.values:
        week = [selectors.nudge_words(habit, start + timedelta(days=k)) for k in range(7)]
        assert len(set(week)) >= 5, habit  # a different line most days
        assert all(len(w) <= 90 and "habit" not in w.lower() and "still open" not in w for w in week)
    same_day = {selectors.nudge_words(h, start) for h in Habit.values}
    assert len(same_day) == 3


# --- 3. the composer opened from a habit keeps its prompt and colleague; the post celebrates ------------------

def test_the_recognise_prompt_links_to_a_composer_with_the_colleague_filled_in(world, client_for):
    prompt = selectors.prompt_for(world.erin, Habit.RECOGNISE, timezone.now(), timezone.now().date())
    assert prompt.colleague == world.gina  # erin's one direct report
    assert prompt.link == "/compose/?kind=praise&habit=recognise&praised=%40gina"
    page = client_for(world.erin).get(prompt.link).content.decode()
    assert 'value="@gina"' in page and 'value="praise" checked' in page
    assert 'data-testid="composer-prompt"' in page and "Gina Groupadmin" in page


def test_the_describe_composer_shows_todays_question(world, client_for):
    page = client_for(world.alice).get("/compose/?kind=update&habit=describe").content.decode()
    today = rules.local_date(timezone.now(), rules.zone_of(world.alice))
    assert selectors.DESCRIBE_QUESTIONS[today.toordinal() % len(selectors.DESCRIBE_QUESTIONS)] in page


def test_composer_link_values_are_validated_and_explained(world, client_for):
    page = client_for(world.alice).get("/compose/?kind=rant&praised=@nobody&habit=<script>").content.decode()
    assert 'value="update" checked' in page and 'id="composer-praised" type="text" name="praised" placeholder="@alex @sam" value=""' in page
    assert "a kind of post we do not have" in page and "is not on Townsquare" in page
    assert 'data-testid="composer-prompt"' not in page and "<script>" not in page
    # a deactivated colleague is not pre-filled either
    page = client_for(world.alice).get("/compose/?kind=praise&praised=@dave").content.decode()
    assert 'value="@dave"' not in page


def test_the_post_that_completes_a_habit_celebrates_right_away(world, client_for):
    c = client_for(world.alice)
    response = c.post("/posts/", {"kind": "update", "body": "In the Seattle office, on the Q3 forecast"},
                      follow=True)
    page = response.content.decode()
    assert 'data-testid="post-celebration"' in page and "Describe done for today!" in page
    again = c.post("/posts/", {"kind": "update", "body": "And a second update"}, follow=True).content.decode()
    assert 'data-testid="post-celebration"' not in again  # the habit was already done
    question = c.post("/posts/", {"kind": "question", "body": "Who knows SQL?"}, follow=True).content.decode()
    assert 'data-testid="post-celebration"' not in question
    # another reader of the first post sees no celebration
    first = response.redirect_chain[-1][0]
    assert 'data-testid="post-celebration"' not in client_for(world.gina).get(first).content.decode()


# --- 4. the verdict judges level as well as trend, and shows what it compared -------------------------------

VERDICT_NOW = utc(2025, 1, 22, 20, 0)  # Wednesday 22 January 2025


def _strong_history(world, colleagues=6):
    """Seven weeks in which alice's weekly post draws a lot, the same every week; `colleagues` others post
    weekly too and draw one reaction each."""
    from townsquare.conversations.models import Post, PostView, Reaction
    from townsquare.people.models import Person

    long_ago = utc(2024, 10, 1)
    others = [Person.objects.create_user(f"p{i}@example.test", "x", name=f"Person {i}", handle=f"p{i}")
              for i in range(colleagues)]
    Person.objects.filter(pk__in=[world.alice.pk, *[p.pk for p in others]]).update(date_joined=long_ago)
    world.alice.refresh_from_db()
    for week in range(7, 0, -1):
        moment = VERDICT_NOW - timedelta(weeks=week)  # a Wednesday, well inside the week everywhere
        mine = conversations.post_create(author=world.alice, body=f"Week {week}: what I am learning")
        Post.objects.filter(pk=mine.pk).update(created_at=moment)
        for p in others:
            for kind in ("like", "insightful"):
                Reaction.objects.create(post=mine, person=p, kind=kind, created_at=moment + timedelta(hours=1))
            PostView.objects.create(post=mine, person=p, created_at=moment + timedelta(minutes=30))
            theirs = conversations.post_create(author=p, body=f"Week {week} from {p.name}")
            Post.objects.filter(pk=theirs.pk).update(created_at=moment)
            Reaction.objects.create(post=theirs, person=world.gina, created_at=moment + timedelta(hours=2))
    return others


def test_seven_strong_flat_weeks_are_strong_not_flat(world, client_for):
    _strong_history(world)
    review = selectors.weekly_review(world.alice, now=VERDICT_NOW)
    v = review.verdict
    assert v is not None and v.recent_mean == v.earlier_mean  # not rising: the old rule said "flat"
    assert v.key == rules.STRONG and "Change the topic" not in v.advice
    assert v.org_people == 7 and v.org_median is not None and v.recent_mean > 2 * v.org_median
    labels = [row[0] for row in review.compared]
    assert labels == ["Your recent weeks", "Your earlier weeks", "The organisation's median"]
    assert review.compared[2][1] != "—"


def test_the_organisation_median_needs_five_people(world):
    _strong_history(world, colleagues=3)  # alice and three others: four people posted
    review = selectors.weekly_review(world.alice, now=VERDICT_NOW)
    assert review.verdict.org_median is None and review.verdict.org_people == 0
    assert review.compared[2][1] == "—"


def test_the_week_page_shows_the_averages_compared(world, client_for, settings):
    _strong_history(world)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=VERDICT_NOW):
        page = client_for(world.alice).get("/coach/week/").content.decode()
    assert 'data-testid="verdict-compared"' in page and "The organisation&#x27;s median" in page
    assert "Strong and steady" in page


# --- 5. rhythm: the length of a check-in, and when enough is enough --------------------------------------------

def _views(person, moments):
    from townsquare.conversations.models import PostView

    posts = [conversations.post_create(author=person.manager or person, body=f"Note {i}") for i in range(len(moments))]
    for post, moment in zip(posts, moments, strict=True):
        PostView.objects.create(post=post, person=person, created_at=moment)


def test_fifteen_check_ins_in_a_day_are_more_than_enough(world):
    start = utc(2025, 1, 15, 16, 0)  # 08:00 in Los Angeles
    _views(world.alice, [start + timedelta(minutes=31 * k) for k in range(15)])
    r = selectors.rhythm(world.alice, now=utc(2025, 1, 16, 7, 0))  # 23:00 local, the same day
    today = r.days[0]
    assert today.count == 15
    assert any("15 check-ins today is more than the habit needs" in line for line in today.advice)


def test_a_ninety_one_minute_session_is_too_long(world):
    start = utc(2025, 1, 15, 17, 0)
    _views(world.alice, [start + timedelta(minutes=m) for m in (0, 10, 20, 30, 40, 50, 60, 70, 80, 91)])
    r = selectors.rhythm(world.alice, now=utc(2025, 1, 15, 21, 0))
    today = r.days[0]
    assert [s.minutes for s in today.sessions] == [91]
    assert today.advice == ["One check-in lasted 91 minutes. 5 to 15 minutes is plenty: read, answer someone, "
                            "share one thing, then get back to your day."]


def test_three_check_ins_of_ten_minutes_need_no_comment(world):
    moments = []
    for hour in (16, 20, 25):  # 08:00, 12:00, 17:00 local
        base = utc(2025, 1, 15, hour % 24, 0) if hour < 24 else utc(2025, 1, 16, hour - 24, 0)
        moments += [base, base + timedelta(minutes=10)]
    _views(world.alice, moments)
    r = selectors.rhythm(world.alice, now=utc(2025, 1, 16, 7, 0))
    assert r.days[0].count == 3 and r.days[0].advice == []


def test_the_rhythm_page_says_it(world, client_for):
    now = timezone.now()
    _views(world.alice, [now - timedelta(minutes=m) for m in (91, 80, 60, 40, 20, 0)])
    page = client_for(world.alice).get("/coach/rhythm/").content.decode()
    assert 'data-testid="rhythm-advice-today"' in page and "lasted 91 minutes" in page


# --- 6. heatmap from the first day, past weekly reviews, circles ---------------------------------------------

def test_the_heatmap_starts_in_the_week_the_person_joined(world):
    from townsquare.people.models import Person

    now = timezone.now()
    Person.objects.filter(pk=world.alice.pk).update(date_joined=now - timedelta(days=9))
    world.alice.refresh_from_db()
    overview = selectors.overview(world.alice, now=now)
    weeks = overview.habits[0].weeks
    assert len(weeks) in (2, 3)  # the week she joined, up to this one; not twelve weeks of grey
    joined = rules.local_date(world.alice.date_joined, rules.zone_of(world.alice))
    assert all(c.state == "before" for col in weeks for c in col if c.day < joined)
    assert overview.habits[0].days_in_heatmap == (overview.today - joined).days + 1


def test_past_weekly_reviews_can_be_opened_and_bad_weeks_are_explained(world, client_for):
    from townsquare.people.models import Person

    Person.objects.filter(pk=world.alice.pk).update(date_joined=timezone.now() - timedelta(weeks=5))
    world.alice.refresh_from_db()
    c = client_for(world.alice)
    page = c.get("/coach/week/").content.decode()
    past = selectors.past_weeks(world.alice, selectors.local_today(world.alice))
    assert len(past) in (4, 5) and f'?week={past[0]:%Y-%m-%d}' in page
    old = c.get(f"/coach/week/?week={past[-1]:%Y-%m-%d}")
    assert old.status_code == 200 and f"in the week of {past[-1].day} " in old.content.decode()
    for bad, words in (("2025-13-01", "a date like"), (f"{past[0] + timedelta(days=1):%Y-%m-%d}", "starts on a Monday"),
                       ("2019-01-07", "before you joined")):
        r = c.get(f"/coach/week/?week={bad}")
        assert r.status_code == 400 and words in r.content.decode()


def test_the_circle_step_links_to_circles(world):
    steps = selectors.grow_steps()
    circle = next(s for s in steps if "circle" in s.title)
    assert circle.link == "/circles/"


def test_follow_suggestions_name_the_manager_and_department_colleagues(world, client_for):
    suggestions = selectors.people_to_follow(world.alice)
    assert suggestions[0].person == world.gina and suggestions[0].why == "your manager"
    assert all(s.person not in (world.alice, world.dave) for s in suggestions)  # not herself, nobody deactivated
    page = client_for(world.alice).get("/coach/").content.decode()
    assert 'data-testid="follow-suggestions"' in page and "+ Follow" in page


def test_the_coach_mentions_the_persons_circle(world, client_for):
    from townsquare.circles.models import Circle, CircleMember

    circle = Circle.objects.create(name="Forecasters", focus="Better forecasts", created_by=world.alice)
    CircleMember.objects.create(circle=circle, person=world.alice)
    page = client_for(world.alice).get("/coach/").content.decode()
    assert 'data-testid="coach-circle"' in page and "Forecasters" in page
    assert 'data-testid="coach-circle"' not in client_for(world.gina).get("/coach/").content.decode()
