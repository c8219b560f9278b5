"""The working-out-loud coach: habit settings, notification preferences and nudges.

Whether a habit was done is never stored: it is worked out from activity (see rules.py).
A person with no HabitSetting rows has the defaults of rules.DEFAULT_ANCHORS, all switched on.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Habit(models.TextChoices):
    DESCRIBE = "describe", "Describe"
    INTERACT = "interact", "Interact"
    RECOGNISE = "recognise", "Recognise"


class Channel(models.TextChoices):
    IN_APP = "in_app", "In Townsquare"
    EMAIL = "email", "By email"
    BOTH = "both", "Both"


class HabitSetting(models.Model):
    """One habit of one person: on or off, and the local time of day it is anchored to."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="habit_settings")
    habit = models.CharField(max_length=10, choices=Habit.choices)
    enabled = models.BooleanField(default=True)
    anchor = models.TimeField(help_text="Local time of day, in the person's own time zone.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "habit"], name="one_setting_per_habit")]


class CoachPreference(models.Model):
    """How a person wants to be nudged: the channel and optional quiet hours (local times).

    Quiet hours may wrap midnight (22:00–07:00). No row means in-app nudges and no quiet hours.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="coach_preference")
    channel = models.CharField(max_length=6, choices=Channel.choices, default=Channel.IN_APP)
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    start_on_coach = models.BooleanField(
        default=False, help_text="After signing in, open the coach instead of the home feed.")
    app_installed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the installed mobile app (PWA) was first opened by this person.")
    updated_at = models.DateTimeField(default=timezone.now)


class Nudge(models.Model):
    """A reminder sent at a habit's anchor time. At most one per (person, habit, local day):
    the unique constraint makes a second scheduler run, or a restarted worker, a no-op."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nudges")
    habit = models.CharField(max_length=10, choices=Habit.choices)
    local_date = models.DateField(help_text="The day in the person's own time zone.")
    channel = models.CharField(max_length=6, choices=Channel.choices)
    text = models.TextField()
    post_ids = models.JSONField(default=list, blank=True, help_text="Posts suggested by the prompt.")
    colleague = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "habit", "local_date"], name="one_nudge_per_habit_per_day")
        ]
        # local_date: a scheduler tick reads the nudges already sent by day
        indexes = [models.Index(fields=["person", "-created_at"]), models.Index(fields=["local_date"], name="nudge_day")]


class WeeklyDigest(models.Model):
    """The weekly review of one person for one ISO week, sent once (`townsquare coach_weekly`).

    `week_start` is the Monday of the ISO week in the person's own time zone, so the unique constraint on
    (person, week_start) is one digest per person and ISO week: a second run, or two workers at once,
    cannot send it twice. `emailed_at` is claimed before the email is sent and released if sending fails,
    so a failed email is retried by the next run."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="weekly_digests")
    week_start = models.DateField(help_text="Monday of the ISO week reviewed, in the person's own time zone.")
    channel = models.CharField(max_length=6, choices=Channel.choices)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "week_start"], name="one_digest_per_person_week")]


class DaySnapshot(models.Model):
    """The coach page's history for one person, as of one local day (selectors.DaySnapshot): the days
    before today on which each habit was done, the complete weeks' numbers and who was already connected.
    None of it can change during that day, so the page counts only today and the current week.
    Replaced on the person's first visit of a new day, or beforehand by the worker (tasks.coach_snapshots)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, primary_key=True, related_name="+")
    local_date = models.DateField()
    data = models.JSONField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["local_date"], name="snapshot_day")]
