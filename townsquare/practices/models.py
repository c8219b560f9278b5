"""Community practices (PRODUCT C7): ask leadership and polls.

Ask leadership: an organisation admin marks people as leaders (`Leader`). Anyone signed in asks a
leader a question or raises a concern (`Question`); each question is also a company-wide
conversations Post of kind "question", so it shows in feeds and search. Questions are public to
every signed-in person and up-voted (`QuestionVote`, one per person). The addressed leader answers
with "explain the decision": the answer is a Reply on the question's post (`answer_reply`), with an
optional purpose theme. A question open more than three days earns the leader one `Reminder` per
question and day (a unique constraint makes the reminder run idempotent).

Polls: see `Poll`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

Person = settings.AUTH_USER_MODEL


class Leader(models.Model):
    """A person an organisation admin has marked as a leader: people can address questions to them."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="leader_role")
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__name"]


class Question(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        CONCERN = "concern", "Concern"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        DECLINED = "declined", "Declined"

    asker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leadership_questions")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leadership_questions_received")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    body = models.TextField()
    post = models.OneToOneField("conversations.Post", on_delete=models.CASCADE, related_name="leadership_question")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decline_reason = models.TextField(blank=True)
    answer_reply = models.ForeignKey("conversations.Reply", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    purpose_theme = models.CharField(max_length=200, blank=True,
                                     help_text="Which purpose the decision serves, in the leader's words.")
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When it was answered or declined.")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="question_status_newest"),
            models.Index(fields=["leader", "status"], name="question_leader_status"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return reverse("ask_detail", args=[self.pk])


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "person"], name="one_vote_per_question")]


class Reminder(models.Model):
    """A reminder to the leader about a question open more than three days: at most one per
    question and day (`day` is the UTC date of the reminder run), enforced by a unique constraint."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reminders")
    leader = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leadership_reminders")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["question", "day"], name="one_reminder_per_question_day")]


class Poll(models.Model):
    """A poll attached to a post, with 2–10 options, single or multiple choice, an optional closing time.

    Who may read it follows its post (conversations.access.posts_visible_to). Every vote writes one
    `PollParticipant(poll, person)` row — only THAT the person voted, which stops a second vote — and
    adds one to `PollOption.vote_count` for each chosen option.

    Named polls (anonymous=False) also keep a `PollVote(option, person)` row per chosen option.

    Anonymous polls (anonymous=True) keep NO row that links a person to an option: the only traces of
    a vote are the participant row (no option, no timestamp) and the option counters. So nobody —
    admins and database readers included — can tell who chose what.
    """

    post = models.OneToOneField("conversations.Post", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="poll")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(max_length=300)
    multiple = models.BooleanField(default=False)
    anonymous = models.BooleanField(default=False)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    voter_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("poll_detail", args=[self.pk])

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="one_option_per_position")]


class PollParticipant(models.Model):
    """That a person voted in a poll — never which option, and no time (so it cannot be matched
    against when a counter moved)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="one_participation_per_poll")]


class PollVote(models.Model):
    """Which option a person chose — only ever written for named (not anonymous) polls."""

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "person"], name="one_vote_per_option")]
