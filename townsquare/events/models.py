"""Events and talks, ask-me-anything sessions, and cause groups' volunteering opportunities (PRODUCT C7).

An `Event` is one-to-one with a conversations Post (kind "update", company-wide or in a group), so it
shows in feeds and search and is read exactly as its post is (conversations.access.posts_visible_to):
an event in a private group is a 404 for people outside it. The post's body is the organiser's own
text plus one generated line (when, where, a link to the event page).

Times are entered in the organiser's time zone, stored in UTC and shown in each reader's zone.

RSVP: one `Rsvp` per person and event — going, maybe, no, or waitlist (the organiser hosts and has none, so
takes none of the places). `capacity` limits "going";
when the event is full a new "going" joins the waitlist (if the organiser kept it on), and the first on
the waitlist moves up when a place opens.

Reminders: one `EventReminder` per event, person and lead (a day, an hour) — the unique constraint makes
the periodic task safe to run twice.

Ask me anything: an event of kind "ama" hosted by a leader (practices.Leader); questions asked from its
page are practices Questions to the host, linked to the event by `AmaQuestion`.

Causes: groups of kind "cause" hold `Opportunity` rows (a volunteering slot with a date, a place, the
place's time zone — its times are shown in that zone and in the reader's — and the number of volunteers needed); people sign up (`SignUp`, one per person) or withdraw.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Event(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", "Event"
        TALK = "talk", "Talk"
        AMA = "ama", "Ask me anything"

    post = models.OneToOneField("conversations.Post", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="event")
    organiser = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events_organised")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.EVENT)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="The organiser's own words; the post adds the time and a link.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC", help_text="The zone the organiser entered the times in.")
    place = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit on “going”.")
    waitlist = models.BooleanField(default=True, help_text="When full, new “going” answers join a waitlist.")
    going_count = models.PositiveIntegerField(default=0)
    maybe_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: one more at each change.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="event_starts"),
            models.Index(fields=["organiser", "-starts_at"], name="event_organiser"),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def is_over(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.going_count)


class Rsvp(models.Model):
    class Status(models.TextChoices):
        GOING = "going", "Going"
        MAYBE = "maybe", "Maybe"
        NO = "no", "Not going"
        WAITLIST = "waitlist", "On the waitlist"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="event_rsvps")
    status = models.CharField(max_length=8, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, help_text="Also the place in the waitlist queue.")

    class Meta:
        ordering = ["updated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_rsvp_per_person")]
        indexes = [models.Index(fields=["person", "status"], name="rsvp_person_status"),
                   models.Index(fields=["event", "status", "updated_at"], name="rsvp_event_status")]


class EventReminder(models.Model):
    """That a person was reminded of an event, a day or an hour before: at most once each."""

    class Lead(models.TextChoices):
        DAY = "day", "A day before"
        HOUR = "hour", "An hour before"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    lead = models.CharField(max_length=4, choices=Lead.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "person", "lead"], name="one_reminder_per_lead")]


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URL, so a calendar app can subscribe without a session.
    Resetting it replaces the secret: the old URL stops working at once."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(default=timezone.now)


class AmaQuestion(models.Model):
    """A practices Question asked from an ask-me-anything event's page."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ama_questions")
    question = models.OneToOneField("practices.Question", on_delete=models.CASCADE, related_name="ama")


class Opportunity(models.Model):
    """A volunteering slot or activity of a cause group."""

    group = models.ForeignKey("conversations.Group", on_delete=models.CASCADE, related_name="opportunities")
    created_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="opportunities_created")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC",
                                 help_text="The zone of the place, in which the times were entered and are shown first.")
    volunteers_needed = models.PositiveIntegerField()
    signup_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["group", "starts_at"], name="opportunity_group_starts"),
                   models.Index(fields=["starts_at"], name="opportunity_starts")]
        constraints = [models.CheckConstraint(condition=Q(volunteers_needed__gte=1), name="opportunity_needs_someone")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunity_detail", args=[self.pk])

    def is_full(self) -> bool:
        return self.signup_count >= self.volunteers_needed

    @property
    def places_left(self) -> int:
        return max(0, self.volunteers_needed - self.signup_count)

    def is_over(self, now=None) -> bool:
        return (self.ends_at or self.starts_at) <= (now or timezone.now())


class SignUp(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="volunteer_signups")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["opportunity", "person"], name="one_signup_per_person")]
