"""Writes for the coach: saving a person's settings and sending the due nudges.

`nudges_send` and `weekly_send` are what the scheduler calls (townsquare/coach/tasks.py, every minute;
or by hand: `townsquare coach_nudges`, `townsquare coach_weekly`). It may run as often as
wanted, twice at once, or again after a crash: the unique constraint on
(person, habit, local_date) lets at most one nudge per habit per local day exist, and an email
goes out only for the row this run created.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from townsquare.coach import rules, selectors
from townsquare.coach.models import (
    Channel,
    CoachPreference,
    DaySnapshot,
    Habit,
    HabitSetting,
    Nudge,
    WeeklyDigest,
)
from townsquare.conversations.models import Notification, Post
from townsquare.conversations.services import notify
from townsquare.conversations.text import post_excerpt
from townsquare.people.models import Person

log = logging.getLogger(__name__)


@transaction.atomic
def settings_save(*, person: Person, habits: dict[str, dict], channel: str, quiet_start: time | None,
                  quiet_end: time | None, start_on_coach: bool = False) -> None:
    """habits: {habit: {"enabled": bool, "anchor": time}} for each of the three habits."""
    if set(habits) != set(Habit.values):
        raise ValidationError("Settings must cover describe, interact and recognise.")
    for habit, values in habits.items():
        if not isinstance(values.get("anchor"), time):
            raise ValidationError(f"The time for {Habit(habit).label} is not a time of day.")
    if channel not in Channel.values:
        raise ValidationError("Choose in Townsquare, by email, or both.")
    if (quiet_start is None) != (quiet_end is None):
        raise ValidationError("Quiet hours need both a start and an end, or neither.")
    if quiet_start is not None and quiet_start == quiet_end:
        raise ValidationError("Quiet hours cannot start and end at the same time.")
    now = timezone.now()
    for habit, values in habits.items():
        HabitSetting.objects.update_or_create(
            person=person, habit=habit,
            defaults={"enabled": bool(values.get("enabled")), "anchor": values["anchor"], "updated_at": now})
    CoachPreference.objects.update_or_create(
        person=person, defaults={"channel": channel, "quiet_start": quiet_start, "quiet_end": quiet_end,
                                 "start_on_coach": bool(start_on_coach), "updated_at": now})


def app_installed_record(*, person: Person, now=None) -> bool:
    """The person opened Townsquare as an installed app (the page reported display-mode standalone).
    Only the first time is kept; a repeat, or two at once, changes nothing. True when this call recorded it."""
    CoachPreference.objects.get_or_create(person=person)
    return bool(CoachPreference.objects.filter(person=person, app_installed_at__isnull=True)
                .update(app_installed_at=now or timezone.now()))


@dataclass
class NudgeRun:
    created: list[int] = field(default_factory=list)  # ids of the nudges this run created
    emailed: int = 0
    already_sent: int = 0
    done: int = 0
    quiet: int = 0


def day_snapshot(person: Person, now: datetime | None = None) -> selectors.DaySnapshot:
    """Today's snapshot of the person's coach history: the stored one, or built and stored now."""
    now = now or timezone.now()
    today = rules.local_date(now, rules.zone_of(person))
    row = DaySnapshot.objects.filter(person=person, local_date=today).values_list("data", flat=True).first()
    snapshot = selectors.DaySnapshot.from_json(row) if row is not None else None
    if snapshot is None:
        snapshot = selectors.build_day_snapshot(person, now)
        DaySnapshot.objects.update_or_create(person=person, defaults={
            "local_date": today, "data": snapshot.as_json(), "computed_at": timezone.now()})
    return snapshot


def day_snapshots_refresh(now: datetime | None = None, limit: int = 500) -> int:
    """Rebuild the snapshots that a new local day has made stale, for the people who use the coach
    (those who have one), at most `limit` per call. Returns how many were rebuilt."""
    now = now or timezone.now()
    stale = []
    for pid, zone_name, day in (DaySnapshot.objects.filter(person__is_active=True)
                                .values_list("person_id", "person__time_zone", "local_date")):
        if day < rules.local_date(now, rules.zone_of_name(zone_name)):
            stale.append(pid)
            if len(stale) >= limit:
                break
    for person in Person.objects.filter(pk__in=stale):
        day_snapshot(person, now)
    return len(stale)


def _site_url() -> str:
    return getattr(django_settings, "SITE_URL", "").rstrip("/")


def _email(nudge: Nudge, person: Person, prompt: selectors.Prompt) -> None:
    lines = [f"Hello {person.name},", "", selectors.nudge_words(nudge.habit, nudge.local_date), "", prompt.text]
    for post in prompt.posts:
        lines.append(f"  • {post.author.name}: {post_excerpt(post, 80)} — {_site_url()}{post.get_absolute_url()}")
    lines += ["", f"Your coach page: {_site_url()}/coach/",
              "You can change the time of this reminder, or switch it off, in your coach settings."]
    send_mail(selectors.NUDGE_SUBJECTS[nudge.habit], "\n".join(lines), None, [person.email])


def _due(now: datetime):
    """(person id, habit, local day, channel) for every enabled habit whose anchor time has passed in the
    person's own day, outside quiet hours, with no nudge yet and not already done.

    Set-based, so one tick costs a few queries whatever the size of the organisation: settings for
    everyone as plain tuples; local times worked out once per time zone, not once per person; the
    nudges already sent read by day; the day’s latest activity per person read by time (rules.latest_activity)."""
    people = Person.objects.filter(is_active=True).values_list("id", "time_zone")
    saved = {(pid, habit): (enabled, anchor)
             for pid, habit, enabled, anchor in HabitSetting.objects.values_list("person_id", "habit", "enabled",
                                                                                  "anchor")}
    prefs = {pid: (channel, quiet_start, quiet_end) for pid, channel, quiet_start, quiet_end in
             CoachPreference.objects.values_list("person_id", "channel", "quiet_start", "quiet_end")}
    zones: dict[str, tuple] = {}  # time zone name -> (zone, local now)
    run = NudgeRun()
    due = []
    default = (None, None, None)
    defaults = [(habit, (True, rules.DEFAULT_ANCHORS[habit])) for habit in Habit.values]
    for pid, zone_name in people:
        zone = zones.get(zone_name)
        if zone is None:
            tz = rules.zone_of_name(zone_name)
            zone = zones[zone_name] = (tz, now.astimezone(tz))
        tz, local_now = zone
        channel, quiet_start, quiet_end = prefs.get(pid, default)
        clock = local_now.time()
        if quiet_start is not None and rules.in_quiet_hours(clock, quiet_start, quiet_end):
            run.quiet += 1
            continue
        for habit, fallback in defaults:
            enabled, anchor = saved.get((pid, habit), fallback)
            if enabled and clock >= anchor:
                due.append((pid, habit, local_now.date(), tz, channel or Channel.IN_APP))
    if due:
        dates = {row[2] for row in due}
        sent = set(Nudge.objects.filter(local_date__in=dates).values_list("person_id", "habit", "local_date"))
        before = len(due)
        due = [row for row in due if row[:3] not in sent]
        run.already_sent = before - len(due)
    if due:
        day_starts = {(tz, day): rules.day_start(day, tz) for _pid, _habit, day, tz, _channel in due}
        latest = {(pid, habit): when for pid, habit, when in rules.latest_activity(min(day_starts.values()), now)}
        before = len(due)
        due = [row for row in due if not latest.get(row[:2]) or latest[row[:2]] < day_starts[row[3], row[2]]]
        run.done = before - len(due)
    return due, run


def _insert_nudges(due, now: datetime) -> None:
    """One INSERT … ON CONFLICT DO NOTHING per batch of rows: a concurrent tick that got there first
    wins and the one-nudge-per-habit-per-day constraint decides, as bulk_create(ignore_conflicts=True)
    would, without building a model object per row (10,000 of them cost seconds)."""
    ops = connection.ops
    table = Nudge._meta.db_table
    created = ops.adapt_datetimefield_value(now)
    sql = (f"INSERT INTO {table} (person_id, habit, local_date, channel, text, post_ids, created_at) "
           "VALUES (%s, %s, %s, %s, '', '[]', %s) ON CONFLICT DO NOTHING")
    rows = [(pid, habit, ops.adapt_datefield_value(day), channel, created) for pid, habit, day, _tz, channel in due]
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])


def nudges_decide(now: datetime | None = None) -> NudgeRun:
    """One scheduler tick: decide which nudges are due for everyone and record them, at most one per
    person, habit and local day. Set-based (a few queries and one bulk insert, whatever the size of
    the organisation); the prompts are written afterwards by `nudges_compose`, one nudge at a time.
    `run.created` holds the ids of the new nudges."""
    now = now or timezone.now()
    due, run = _due(now)
    if not due:
        return run
    _insert_nudges(due, now)
    keys = {row[:3] for row in due}
    # Ours are the rows stamped with this tick's time and still without a prompt; a concurrent tick with
    # the very same `now` would be the scheduler running twice, and the constraint already kept one of each.
    for pk, pid, habit, day in (Nudge.objects.filter(created_at=now, text="", local_date__in={row[2] for row in due})
                                .values_list("id", "person_id", "habit", "local_date")):
        if (pid, habit, day) in keys:
            run.created.append(pk)
    run.already_sent += len(due) - len(run.created)
    return run


def nudges_compose(nudges: list[Nudge]) -> int:
    """Write each pending nudge's prompt and email the people who asked for email. A nudge is claimed
    with a conditional update, so two workers never compose or email the same one. Returns emails sent."""
    emailed = 0
    for nudge in nudges:
        person = nudge.person
        prompt = selectors.prompt_for(person, nudge.habit, nudge.created_at, nudge.local_date)
        with transaction.atomic():  # the prompt and its bell notification, or neither
            claimed = Nudge.objects.filter(pk=nudge.pk, text="").update(
                text=prompt.text, post_ids=[p.pk for p in prompt.posts], colleague=prompt.colleague)
            if not claimed:  # another worker wrote it
                continue
            if nudge.channel in (Channel.IN_APP, Channel.BOTH):
                _bell(nudge, person)
        nudge.text, nudge.post_ids, nudge.colleague = prompt.text, [p.pk for p in prompt.posts], prompt.colleague
        if nudge.channel in (Channel.EMAIL, Channel.BOTH):
            emailed += _email_once(nudge, person, prompt)
    return emailed


def nudge_link(habit: str) -> str:
    """Where a nudge in the bell leads: the habit on the coach page (also how nudge_done finds it again)."""
    return f"{reverse('coach')}#habit-{habit}"


def _bell(nudge: Nudge, person: Person) -> None:
    """The nudge in the person's own bell (verb coach: their own coach, nobody else's act). Delivery pushes it
    to their devices when they keep "Your coach nudges you" on at /notifications/settings/ (on by default)."""
    notify(recipients=[person], actor=person, verb=Notification.Verb.COACH,
           message=selectors.nudge_words(nudge.habit, nudge.local_date), link=nudge_link(nudge.habit))


def nudge_done(*, person_id: int, habit: str, now: datetime | None = None) -> int:
    """The person just did `habit`: today's nudge about it leaves their bell (a push already shown stays on the
    phone, but is not sent if it has not gone yet). Idempotent; returns how many bell rows went."""
    now = now or timezone.now()
    # Every write calls this, and usually there is no nudge to take away: one query finds that out (today, wherever the
    # person is, began less than 25 hours ago: 38 is a safe bound), with no transaction (on SQLite an empty delete still
    # takes the write lock). Only when there are candidates is the person's own day worked out.
    candidates = list(Notification.objects.filter(recipient_id=person_id, verb=Notification.Verb.COACH,
                                                  link=nudge_link(habit), created_at__gte=now - timedelta(hours=38))
                      .values_list("pk", "created_at"))
    if not candidates:
        return 0
    person = Person.objects.filter(pk=person_id).only("time_zone").first()
    if person is None:
        return 0
    tz = rules.zone_of(person)
    since = rules.day_start(rules.local_date(now, tz), tz)
    ids = [pk for pk, created_at in candidates if created_at >= since]
    if not ids:
        return 0
    deleted, _ = Notification.objects.filter(pk__in=ids).delete()
    return deleted


def _email_once(nudge: Nudge, person: Person, prompt: selectors.Prompt) -> int:
    """Send the nudge's email unless it went already: claimed (emailed_at) before sending, released if
    sending fails, so a mail server that is down delays the email to a later tick instead of losing it,
    and two workers never send it twice. Returns 1 when this call sent it."""
    if not Nudge.objects.filter(pk=nudge.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return 0
    try:
        _email(nudge, person, prompt)
    except Exception:  # a mail server that is down must not stop the other nudges
        log.exception("coach: could not email nudge %s; a later tick retries", nudge.pk)
        Nudge.objects.filter(pk=nudge.pk).update(emailed_at=None)
        return 0
    return 1


EMAIL_RETRY_WINDOW = timedelta(hours=6)  # a nudge older than this is stale: its email is dropped


def nudges_email_retry(now: datetime | None = None) -> int:
    """Email the composed nudges whose email failed (mail server down), if still fresh. Returns emails sent."""
    now = now or timezone.now()
    sent = 0
    waiting = (Nudge.objects.filter(channel__in=[Channel.EMAIL, Channel.BOTH], emailed_at__isnull=True,
                                    created_at__gte=now - EMAIL_RETRY_WINDOW, created_at__lte=now)
               .exclude(text="").select_related("person")[:500])
    for nudge in waiting:
        posts = list(selectors.posts_visible_to(nudge.person).filter(pk__in=nudge.post_ids).select_related("author"))
        sent += _email_once(nudge, nudge.person, selectors.Prompt(nudge.text, posts=posts))
    return sent


def nudges_pending(limit: int = 500) -> list[Nudge]:
    """Nudges decided but not yet composed (a worker died between the two steps, say)."""
    return list(Nudge.objects.filter(text="").select_related("person").order_by("created_at", "id")[:limit])


def nudges_send(now: datetime | None = None) -> NudgeRun:
    """Decide the due nudges and compose them in this process (the command and the tests; the Huey
    worker spreads the composing over tasks, see tasks.py)."""
    run = nudges_decide(now)
    for i in range(0, len(run.created), 500):  # SQLite caps query parameters
        chunk = Nudge.objects.filter(pk__in=run.created[i:i + 500]).select_related("person").order_by("pk")
        run.emailed += nudges_compose(list(chunk))
    return run


# --- the weekly review by email -------------------------------------------------------------------------

@dataclass
class WeeklyRun:
    created: list[WeeklyDigest] = field(default_factory=list)
    emailed: int = 0
    already_sent: int = 0
    not_due: int = 0
    quiet: int = 0


def _day(d) -> str:
    return f"{d.day} {d:%B}"


def digest_subject(review: selectors.WeeklyReview) -> str:
    return f"Your week on Townsquare: {_day(review.focus.start)} to {_day(review.focus.end)}"


def digest_text(person: Person, review: selectors.WeeklyReview) -> str:
    """The weekly review as plain text: the same numbers, verdict and advice as the /coach/week/ page."""
    week = review.focus
    lines = [f"Hello {person.name},", "",
             f"Here is what your posts drew from {_day(week.start)} to {_day(week.end)}"
             + (", next to the week before." if review.before else ".")]
    lines.append("")
    for row in review.rows:
        before = f" (week before: {row.before})" if review.before else ""
        lines.append(f"  {row.label}: {row.this}{before}")
    before = f" (week before: {review.before.score_display})" if review.before else ""
    lines += [f"  Response score: {week.score_display}{before}", "",
              f"You published {week.posts} post{'s' if week.posts != 1 else ''} that week.", ""]
    if review.verdict:
        lines += [f"Verdict after {review.verdict.weeks} weeks: {review.verdict.label}.", review.verdict.advice]
        lines += [f"  {label}: {points} points a week ({what})" for label, points, what in review.compared]
    else:
        n = review.weeks_to_verdict
        lines.append(f"The coach gives an honest verdict after {rules.VERDICT_MIN_WEEKS} complete weeks since your first "
                     f"post: {n} more week{'s' if n != 1 else ''} to go.")
    lines += ["", rules.SCORE_RULE, "",
              f"The full review: {_site_url()}/coach/week/",
              f"To change how the coach reaches you: {_site_url()}/coach/settings/"]
    return "\n".join(lines)


def _weekly_due(now: datetime):
    """(person, reviewed week, preference) for everyone with at least one post whose previous local week
    has no digest yet, from Monday WEEKLY_SEND_AT in their own time zone, outside quiet hours."""
    run = WeeklyRun()
    authors = Post.objects.values("author_id")
    people = list(Person.objects.filter(is_active=True, id__in=authors)
                  .only("id", "name", "email", "time_zone", "date_joined"))
    prefs = {p.person_id: p for p in CoachPreference.objects.all()}
    due = []
    for person in people:
        tz = rules.zone_of(person)
        local_now = now.astimezone(tz)
        today = local_now.date()
        week = rules.week_start(today) - timedelta(weeks=1)
        if (today.weekday() == 0 and local_now.time() < rules.WEEKLY_SEND_AT) or \
                rules.local_date(person.date_joined, tz) > week + timedelta(days=6):
            run.not_due += 1
            continue
        pref = prefs.get(person.pk)
        if pref and rules.in_quiet_hours(local_now.time(), pref.quiet_start, pref.quiet_end):
            run.quiet += 1
            continue
        due.append((person, week, pref))
    if due:
        sent = set(WeeklyDigest.objects.filter(week_start__in={w for _, w, _ in due},
                                               person_id__in=[p.pk for p, _, _ in due])
                   .values_list("person_id", "week_start"))
        before = len(due)
        due = [row for row in due if (row[0].pk, row[1]) not in sent]
        run.already_sent = before - len(due)
    return due, run


def weekly_send(now: datetime | None = None) -> WeeklyRun:
    """Make last week's review for everyone it is due for — one per person and ISO week, whatever the
    number of runs — and email it to those who chose email or both. An email that fails is retried by
    the next run (its claim is released); one that was sent is never sent again."""
    now = now or timezone.now()
    due, run = _weekly_due(now)
    for person, week, pref in due:
        review = selectors.weekly_review(person, now, focus=week)
        channel = pref.channel if pref else Channel.IN_APP
        try:
            with transaction.atomic():
                digest = WeeklyDigest.objects.create(person=person, week_start=week, channel=channel,
                                                     subject=digest_subject(review),
                                                     text=digest_text(person, review), created_at=now)
        except IntegrityError:  # another run got there first
            run.already_sent += 1
            continue
        run.created.append(digest)
    pending = (WeeklyDigest.objects.filter(channel__in=[Channel.EMAIL, Channel.BOTH], emailed_at__isnull=True,
                                           created_at__gte=now - timedelta(days=7))
               .select_related("person"))
    for digest in pending:
        claimed = WeeklyDigest.objects.filter(pk=digest.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
        if not claimed:  # another worker is sending it
            continue
        try:
            send_mail(digest.subject, digest.text, None, [digest.person.email])
        except Exception:  # the next run tries again
            log.exception("coach: could not email weekly digest %s", digest.pk)
            WeeklyDigest.objects.filter(pk=digest.pk).update(emailed_at=None)
            continue
        run.emailed += 1
    return run


def coach_tick(now: datetime | None = None) -> tuple[NudgeRun, WeeklyRun]:
    """One round of the coach's background work: the due nudges and the due weekly reviews."""
    now = now or timezone.now()
    return nudges_send(now), weekly_send(now)


def run_forever(every: timedelta, on_tick=None) -> None:  # pragma: no cover - a loop for `--every`
    import time as clock

    while True:
        result = nudges_send()
        if on_tick:
            on_tick(result)
        clock.sleep(every.total_seconds())
