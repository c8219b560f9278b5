"""Feedback requests (issue 16 #2): an author asks chosen people, or everyone who can read their post, for a quick
rating (clarity, usefulness; 1–5) and a comment, optionally anonymously. The results are the author's alone.

Who answered and what was answered are stored apart, as anonymous polls do (practices.models.Poll):

- `FeedbackParticipant(request, person)` says only THAT a person answered (it stops a second answer): no rating,
  no comment, no time.
- `FeedbackAnswer` holds the ratings and the comment. For an anonymous request its `person` is empty, it has no
  time at all, and its key is a random UUID. Nothing in it, nor in any other table, points back to the person.
  Rows are never listed in the order they were written (by value instead), and each anonymous answer re-writes
  the request's anonymous answers in a random order (services.feedback_answer), so even the physical order of
  the rows (SQLite's rowid, PostgreSQL's ctid) does not match the participants' order.
- No notification or other row is written when someone answers, so nothing else moves in step with an answer.

Dates are days (created_on, closed_on): nothing here needs a finer time."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from townsquare.people.models import Person

RATING_MIN, RATING_MAX = 1, 5


def _today():
    return timezone.localdate()


class FeedbackRequest(models.Model):
    """One request per post, made by the post's author."""

    class Audience(models.TextChoices):
        CHOSEN = "chosen", "People I choose"
        READERS = "readers", "Everyone who can read the post"

    post = models.OneToOneField("conversations.Post", on_delete=models.CASCADE, related_name="feedback_request")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback_requests")
    anonymous = models.BooleanField(default=False)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.CHOSEN)
    created_on = models.DateField(default=_today)
    closed_on = models.DateField(null=True, blank=True)
    answer_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Feedback on post {self.post_id}"

    def get_absolute_url(self) -> str:
        return reverse("feedback_answer", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class FeedbackInvite(models.Model):
    """A person the author chose to ask (audience "chosen")."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="invites")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "person"], name="one_invite_per_person")]


class FeedbackParticipant(models.Model):
    """THAT a person answered a request — never what, and no time."""

    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "person"], name="one_answer_per_person")]


class FeedbackAnswer(models.Model):
    """The ratings and comment of one answer. `person` is set only when the request is not anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(FeedbackRequest, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    clarity = models.PositiveSmallIntegerField()
    usefulness = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-clarity", "-usefulness", "comment", "id"]  # by value, never by when it was written
        constraints = [
            models.CheckConstraint(condition=Q(clarity__gte=RATING_MIN, clarity__lte=RATING_MAX),
                                   name="feedback_clarity_1_to_5"),
            models.CheckConstraint(condition=Q(usefulness__gte=RATING_MIN, usefulness__lte=RATING_MAX),
                                   name="feedback_usefulness_1_to_5"),
            models.UniqueConstraint(fields=["request", "person"], condition=Q(person__isnull=False),
                                    name="one_named_answer_per_person"),
        ]


class Experiment(models.Model):
    """One message tried in 2–4 variants on parts of an audience (issue 16 #3). Its results are its author's alone.

    The audience (a group's active members, or everyone active in the company; never the author) is split by
    assignment.split with `seed`, stratified by department: each person is in one part (Assignment) and can
    read only their part's variant, a post restricted to them (conversations Post.Audience.CHOSEN). Responses
    are counted until `ended_at`, so an ended experiment's results no longer move."""

    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="experiments")
    name = models.CharField(max_length=200)
    group = models.ForeignKey("conversations.Group", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+", help_text="Empty means the whole company.")
    seed = models.BigIntegerField()
    audience_size = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["author", "-started_at"], name="experiment_author_started")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experiment_detail", args=[self.pk])

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None


class Variant(models.Model):
    """One wording or form of the experiment's message, published as one post to its part of the audience."""

    class Form(models.TextChoices):
        POST = "post", "A post"
        ARTICLE = "article", "An article"
        EMAIL = "email", "An email to a list"
        TALK = "talk", "A talk or event announcement"

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="variants")
    label = models.CharField(max_length=1)  # A, B, C, D
    form = models.CharField(max_length=8, choices=Form.choices, default=Form.POST)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()  # as the author wrote it (the post holds it with its links made countable)
    post = models.OneToOneField("conversations.Post", on_delete=models.CASCADE, related_name="experiment_variant")
    size = models.PositiveIntegerField(default=0)  # people assigned

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["experiment", "label"], name="one_variant_per_label")]

    def __str__(self) -> str:
        return f"Variant {self.label}"


class Assignment(models.Model):
    """The one variant a person of the audience sees. Unique per experiment and person: the parts are disjoint."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="assignments")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey("people.Department", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # the stratum, as it was when the audience was split

    class Meta:
        constraints = [models.UniqueConstraint(fields=["experiment", "person"], name="one_variant_per_person")]
        indexes = [models.Index(fields=["variant", "person"], name="assignment_variant_person")]


class TrackedLink(models.Model):
    """A link in a variant, replaced by /x/<token>/ (influence/links.py); `url` is where it leads, http(s) only."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=32, unique=True)
    url = models.CharField(max_length=2000)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=Q(url__startswith="http://") | Q(url__startswith="https://"), name="tracked_link_http_only")]


class LinkClick(models.Model):
    """A person followed a tracked link: once per person and link, whatever the number of clicks."""

    link = models.ForeignKey(TrackedLink, on_delete=models.CASCADE, related_name="clicks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "person"], name="one_click_per_person")]
