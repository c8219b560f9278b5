"""Working-out-loud circles (PRODUCT C7).

A `Circle` of 4–5 people (`CircleMember`, each with their own goal) meets weekly for twelve weeks. It
forms until it has four members, then starts (`started_at`): week 1 begins that day, and each week shows
its guide (guides.py). Each member checks in once per week (`CircleCheckIn`, unique per circle, person and
week). `CircleNote` is the circle's private space. After week 12 the circle is completed (by the daily
tick, or earlier by a member).

Everything about a circle except its public card in the finder (name, focus, time zone, meeting time,
member count) is for its members only: see access.py.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from townsquare.circles.guides import WEEKS

Person = settings.AUTH_USER_MODEL

MIN_MEMBERS = 4
MAX_MEMBERS = 5
LAST_JOIN_WEEK = 2  # a started circle with room takes a new member until the end of week 2


class Circle(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", "Looking for members"
        ACTIVE = "active", "Meeting weekly"
        COMPLETED = "completed", "Completed"

    name = models.CharField(max_length=80)
    focus = models.CharField(max_length=200, help_text="What the circle is about: public, used by the finder.")
    time_zone = models.CharField(max_length=64, default="UTC")
    meets = models.CharField(max_length=100, blank=True, help_text="When it meets, e.g. Tuesdays 12:30.")
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FORMING)
    member_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "member_count"], name="circle_open")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("circle_detail", args=[self.pk])

    def week(self, now=None) -> int:
        """0 while forming; 1–12 once started (week 1 is the first seven days); stays 12 afterwards."""
        if self.started_at is None:
            return 0
        days = ((now or timezone.now()) - self.started_at).days
        return max(1, min(WEEKS, days // 7 + 1))

    def weeks_over(self, now=None) -> bool:
        return self.started_at is not None and (now or timezone.now()) >= self.started_at + timedelta(weeks=WEEKS)

    @property
    def room(self) -> int:
        return max(0, MAX_MEMBERS - self.member_count)

    @property
    def count_label(self) -> str:
        """The one way a circle's size is said everywhere: places taken out of MAX_MEMBERS, and while it is
        forming, how many more it needs to start (it starts at MIN_MEMBERS)."""
        text = f"{self.member_count} of {MAX_MEMBERS} places taken"
        needed = MIN_MEMBERS - self.member_count
        if self.status == self.Status.FORMING and needed > 0:
            text += f" · {needed} more to start"
        return text


class CircleMember(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="circle_memberships")
    goal = models.CharField(max_length=300, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["circle", "person"], name="one_membership_per_circle")]
        indexes = [models.Index(fields=["person", "circle"], name="circle_member_person")]


class CircleCheckIn(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    week = models.PositiveSmallIntegerField()
    met = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "person", "week"], name="one_check_in_per_week"),
            models.CheckConstraint(condition=models.Q(week__gte=1, week__lte=WEEKS), name="check_in_week_1_to_12"),
        ]


class CircleNote(models.Model):
    """A post in the circle's private space: members only, never org admins or anyone else."""

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["circle", "-created_at"], name="circle_note_newest")]
