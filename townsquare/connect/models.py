"""Coffee roulette and mentoring (PRODUCT C7).

Coffee roulette: a person opts in (`CoffeeProfile`) weekly or fortnightly. Once per ISO week a
round (`CoffeeRound`, unique `key` such as "2026-W48") pairs everyone who takes part that week
(pairing.py). Each group of two or three is a `CoffeeMatch`; each of its people a `CoffeeMatchMember`
with their own "did you meet?" answer. The unique round key and the unique (round, person) make a
round that runs twice — two workers, a retried task — a no-op.

Mentoring: "I can mentor on X" (`MentorOffer`) and "I'd like help with Y" (`MentorRequest`), each
with free topics normalised to `MentoringTopic`. A person asks a mentor through a `Mentorship`
(pending → accepted / declined; accepting closes the request and withdraws its other pending asks). Requests
are private to their author and to the mentors they ask. Once accepted, each sees the other's email address.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class CoffeeProfile(models.Model):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every other week"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="coffee_profile")
    active = models.BooleanField(default=True)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["active", "cadence"], name="coffee_profile_active")]


class CoffeeRound(models.Model):
    """One pairing round: at most one per ISO week (`key` = "YYYY-Www")."""

    key = models.CharField(max_length=10, unique=True)
    week_start = models.DateField(help_text="The Monday of the round's ISO week.")
    seed = models.CharField(max_length=40, help_text="The pairing seed, so a round can be explained.")
    created_at = models.DateTimeField(default=timezone.now)
    people_count = models.PositiveIntegerField(default=0)
    group_count = models.PositiveIntegerField(default=0)
    left_out_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return self.key


class CoffeeMatch(models.Model):
    """Two (or, once a round, three) people meeting for a coffee. `intro` is written by us."""

    round = models.ForeignKey(CoffeeRound, on_delete=models.CASCADE, related_name="matches")
    intro = models.TextField(blank=True)
    first_question = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-round__week_start", "id"]

    def get_absolute_url(self) -> str:
        return reverse("coffee_home") + f"#match-{self.pk}"


class CoffeeMatchMember(models.Model):
    class Met(models.TextChoices):
        YES = "yes", "Yes, we met"
        NOT_YET = "not_yet", "Not yet"
        NO = "no", "No, it didn't happen"

    match = models.ForeignKey(CoffeeMatch, on_delete=models.CASCADE, related_name="members")
    round = models.ForeignKey(CoffeeRound, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coffee_matches")
    met = models.CharField(max_length=8, choices=Met.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="one_coffee_match_per_round")]
        indexes = [models.Index(fields=["person", "round"], name="coffee_member_person")]


class MentoringTopic(models.Model):
    """A normalised topic: lower case, single spaces, no leading '#'."""

    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MentorOffer(models.Model):
    """ "I can mentor on X": seen by everyone signed in, as suggestions for their requests."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentor_offers")
    topics = models.ManyToManyField(MentoringTopic, related_name="offers")
    note = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "active"], name="mentor_offer_person")]


class MentorRequest(models.Model):
    """ "I'd like help with Y": private to its author (and the mentors they ask)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentor_requests")
    topics = models.ManyToManyField(MentoringTopic, related_name="requests")
    note = models.TextField(blank=True)
    open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "open"], name="mentor_request_person")]

    def get_absolute_url(self) -> str:
        return reverse("mentoring_request", args=[self.pk])


class Mentorship(models.Model):
    """A request sent to a mentor about one of their offers; the mentor accepts or declines. An accepted one
    closes its request, and the request's other pending asks are withdrawn (their mentors are told)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Closed: found a mentor"

    offer = models.ForeignKey(MentorOffer, on_delete=models.CASCADE, related_name="mentorships")
    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentorships_as_mentor")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentorships_as_mentee")
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["offer", "request"], name="one_mentorship_per_offer_request")]
        indexes = [models.Index(fields=["mentor", "status"], name="mentorship_mentor_status")]
