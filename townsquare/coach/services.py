"""Writes for the coach: saving a person's settings and sending the due nudges.

`nudges_send` is what the scheduler calls (`townsquare coach_nudges`). It may run as often as
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
from django.db import IntegrityError, transaction
from django.utils import timezone

from townsquare.coach import rules, selectors
from townsquare.coach.models import Channel, CoachPreference, Habit, HabitSetting, Nudge
from townsquare.people.models import Person

log = logging.getLogger(__name__)


@transaction.atomic
def settings_save(*, person: Person, habits: dict[str, dict], channel: str, quiet_start: time | None,
                  quiet_end: time | None) -> None:
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
                                 "updated_at": now})


@dataclass
class NudgeRun:
    created: list[Nudge] = field(default_factory=list)
    emailed: int = 0
    already_sent: int = 0
    done: int = 0
    quiet: int = 0


def _site_url() -> str:
    return getattr(django_settings, "SITE_URL", "").rstrip("/")


def _email(nudge: Nudge, person: Person, prompt: selectors.Prompt) -> None:
    label = Habit(nudge.habit).label.lower()
    lines = [f"Hello {person.name},", "", f"Your {label} habit is still open today.", "", prompt.text]
    for post in prompt.posts:
        lines.append(f"  • {post.author.name}: {post.title or post.body[:80]} — {_site_url()}{post.get_absolute_url()}")
    lines += ["", f"Your coach page: {_site_url()}/coach/",
              "You can change the time of this reminder, or switch it off, in your coach settings."]
    send_mail(f"A nudge for today: {label}", "\n".join(lines), None, [person.email])


def _due(now: datetime):
    """(person, habit, local day) for every enabled habit whose anchor time has passed in the person's
    own day, outside quiet hours, with no nudge yet. Reads settings for everyone in three queries."""
    people = list(Person.objects.filter(is_active=True).only("id", "name", "email", "time_zone", "skills",
                                                              "department_id", "date_joined"))
    saved = {(s.person_id, s.habit): s for s in HabitSetting.objects.all()}
    prefs = {p.person_id: p for p in CoachPreference.objects.all()}
    run = NudgeRun()
    due = []
    for person in people:
        tz = rules.zone_of(person)
        local_now = now.astimezone(tz)
        pref = prefs.get(person.pk)
        if pref and rules.in_quiet_hours(local_now.time(), pref.quiet_start, pref.quiet_end):
            run.quiet += 1
            continue
        for habit in Habit.values:
            setting = saved.get((person.pk, habit))
            enabled = setting.enabled if setting else True
            anchor = setting.anchor if setting else rules.DEFAULT_ANCHORS[habit]
            if enabled and local_now.time() >= anchor:
                due.append((person, habit, local_now.date(), tz, pref))
    if due:
        dates = {d for _, _, d, _, _ in due}
        sent = set(Nudge.objects.filter(local_date__in=dates, person_id__in={p.pk for p, *_ in due})
                   .values_list("person_id", "habit", "local_date"))
        before = len(due)
        due = [row for row in due if (row[0].pk, row[1], row[2]) not in sent]
        run.already_sent = before - len(due)
    if due:
        since = min(rules.day_start(d, tz) for _, _, d, tz, _ in due)
        tzs = {p.pk: tz for p, _, _, tz, _ in due}
        did = {(pid, habit, rules.local_date(when, tzs[pid]))
               for pid, habit, when in rules.activity_rows(tzs, since)}
        before = len(due)
        due = [row for row in due if (row[0].pk, row[1], row[2]) not in did]
        run.done = before - len(due)
    return due, run


def nudges_send(now: datetime | None = None) -> NudgeRun:
    """Create the due nudges (at most one per person, habit and local day) and email those who asked."""
    now = now or timezone.now()
    due, run = _due(now)
    for person, habit, day, _tz, pref in due:
        prompt = selectors.prompt_for(person, habit, now, day)
        channel = pref.channel if pref else Channel.IN_APP
        try:
            with transaction.atomic():
                nudge = Nudge.objects.create(
                    person=person, habit=habit, local_date=day, channel=channel, text=prompt.text,
                    post_ids=[p.pk for p in prompt.posts], colleague=prompt.colleague, created_at=now)
        except IntegrityError:  # another run got there first
            run.already_sent += 1
            continue
        run.created.append(nudge)
        if channel in (Channel.EMAIL, Channel.BOTH):
            try:
                _email(nudge, person, prompt)
            except Exception:  # a mail server that is down must not stop the other nudges
                log.exception("coach: could not email nudge %s", nudge.pk)
                continue
            Nudge.objects.filter(pk=nudge.pk).update(emailed_at=timezone.now())
            run.emailed += 1
    return run


def run_forever(every: timedelta, on_tick=None) -> None:  # pragma: no cover - a loop for `--every`
    import time as clock

    while True:
        result = nudges_send()
        if on_tick:
            on_tick(result)
        clock.sleep(every.total_seconds())
