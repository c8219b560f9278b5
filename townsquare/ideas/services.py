"""Writes for ideas and recognition. Each service validates and writes in one transaction, its
notifications included (conversations.notify: the bell, and email or push through the outbox), so a
rolled-back write tells nobody and a committed one cannot lose its news."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from townsquare.conversations import services as conversations
from townsquare.conversations.access import readers_among
from townsquare.conversations.models import Notification, Post
from townsquare.core import audit
from townsquare.core.validation import clean_text
from townsquare.ideas import access
from townsquare.ideas.models import (
    CompanyValue,
    IdeaCollaborator,
    IdeaNotification,
    IdeaState,
    IdeaStatusChange,
    IdeaUpdate,
    IdeaVote,
    PraiseValue,
)
from townsquare.people.models import Person

REASON_MAX_CHARS = 1000
NOTE_MAX_CHARS = 1000
UPDATE_MAX_CHARS = 1000
VALUE_NAME_MAX_CHARS = 60
VALUE_DESCRIPTION_MAX_CHARS = 200
Status = IdeaState.Status


def idea_states_backfill() -> int:
    """Create the missing IdeaState of idea posts loaded without signals (bulk loads). Idempotent."""
    missing = list(Post.objects.filter(kind=Post.Kind.IDEA, idea__isnull=True).values_list("pk", "author_id")[:5000])
    if missing:
        IdeaState.objects.bulk_create([IdeaState(post_id=pk, owner_id=author) for pk, author in missing],
                                      ignore_conflicts=True)
    return len(missing)


# --- votes and collaborators --------------------------------------------------------------

@transaction.atomic
def idea_vote_toggle(*, person: Person, idea: IdeaState) -> bool:
    """Vote for the idea, or take the vote back. Returns True when the person's vote now stands."""
    deleted, _ = IdeaVote.objects.filter(idea=idea, person=person).delete()
    voted = False
    if not deleted:
        try:
            with transaction.atomic():
                IdeaVote.objects.create(idea=idea, person=person)
        except IntegrityError:  # a double click that raced: the vote is there
            pass
        voted = True
    idea.vote_count = IdeaVote.objects.filter(idea=idea).count()
    idea.save(update_fields=["vote_count"])
    return voted


def _vote_count_refresh(idea: IdeaState) -> None:
    idea.vote_count = IdeaVote.objects.filter(idea=idea).count()
    idea.save(update_fields=["vote_count"])


@transaction.atomic
def idea_vote_set(*, person: Person, idea: IdeaState) -> bool:
    """Vote for the idea; a vote that is there already changes nothing (the API's PUT). Returns True."""
    IdeaState.objects.select_for_update().filter(pk=idea.pk).first()  # counts stay equal to their rows
    IdeaVote.objects.get_or_create(idea=idea, person=person)
    _vote_count_refresh(idea)
    return True


@transaction.atomic
def idea_vote_unset(*, person: Person, idea: IdeaState) -> bool:
    """Take the vote back; no vote is no change (the API's DELETE). Returns False (the vote no longer stands)."""
    IdeaState.objects.select_for_update().filter(pk=idea.pk).first()
    IdeaVote.objects.filter(idea=idea, person=person).delete()
    _vote_count_refresh(idea)
    return False


@transaction.atomic
def idea_collaborate(*, person: Person, idea: IdeaState, join: bool) -> bool:
    """Join the idea as a collaborator (join=True) or leave it. Returns True when the person now collaborates."""
    if person.pk == idea.owner_id:
        raise ValidationError("You own this idea, so you are already working on it.")
    if join:
        IdeaCollaborator.objects.get_or_create(idea=idea, person=person)
    else:
        IdeaCollaborator.objects.filter(idea=idea, person=person).delete()
    idea.collaborator_count = IdeaCollaborator.objects.filter(idea=idea).count()
    idea.save(update_fields=["collaborator_count"])
    return join


# --- owner and status -------------------------------------------------------------------

@transaction.atomic
def idea_owner_set(*, person: Person, idea: IdeaState, new_owner: Person | None) -> IdeaState:
    if not access.can_hand_over(person, idea):
        raise PermissionDenied("Only the owner or an organisation admin can hand the idea over.")
    if new_owner is None:
        raise ValidationError("Nobody active has that handle. Use a handle such as @alice.")
    if not new_owner.is_active:
        raise ValidationError(f"{new_owner.name} has been deactivated and cannot own an idea.")
    if new_owner.pk == idea.owner_id:
        raise ValidationError(f"{new_owner.name} already owns this idea.")
    previous = idea.owner_id
    idea.owner = new_owner
    idea.save(update_fields=["owner"])
    # The new owner is no longer a collaborator; the previous owner keeps working on it as one.
    IdeaCollaborator.objects.filter(idea=idea, person=new_owner).delete()
    IdeaCollaborator.objects.get_or_create(idea=idea, person_id=previous)
    idea.collaborator_count = IdeaCollaborator.objects.filter(idea=idea).count()
    idea.save(update_fields=["collaborator_count"])
    return idea


def idea_followers(idea: IdeaState) -> set[int]:
    """Everyone told of a status change: voters, collaborators, the owner and the author who had the idea."""
    ids = set(IdeaVote.objects.filter(idea=idea).values_list("person_id", flat=True))
    ids |= set(IdeaCollaborator.objects.filter(idea=idea).values_list("person_id", flat=True))
    ids.add(idea.owner_id)
    ids |= set(Post.objects.filter(pk=idea.post_id).values_list("author_id", flat=True))
    return ids


@transaction.atomic
def idea_status_change(*, person: Person, idea: IdeaState, status: str, reason: str = "", note: str = "") -> IdeaStatusChange:
    if not status:
        raise ValidationError("Choose the status the idea moves to.")
    if status not in Status.values:
        labels = ", ".join(label.lower() for label in Status.labels)
        raise ValidationError(f"“{status[:40]}” is not a status. Choose one of: {labels}.")
    if not access.can_change_status(person, idea):
        raise PermissionDenied("Only the owner, an admin of the group or an organisation admin can change the status.")
    reason = clean_text(reason, max_chars=REASON_MAX_CHARS, what="reason", required=False)
    note = clean_text(note, max_chars=NOTE_MAX_CHARS, what="note", required=False)
    if status == Status.NOT_NOW and not reason:
        raise ValidationError("Say why the idea is set aside for now: the people who voted for it deserve a reason.")
    if status == idea.status:
        raise ValidationError(f"The idea is already “{Status(status).label}”.")
    change = IdeaStatusChange.objects.create(idea=idea, actor=person, from_status=idea.status, to_status=status,
                                             reason=reason, note=note)
    idea.status, idea.status_changed_at = status, change.created_at
    idea.save(update_fields=["status", "status_changed_at"])
    # Told in this transaction (a rolled-back change tells nobody, a committed one cannot lose its news), and
    # only those who may still read the idea (a voter who has left its private group since hears nothing).
    post = Post.objects.select_related("group").get(pk=idea.post_id)
    recipients = readers_among(post, {pk for pk in idea_followers(idea) if pk != person.pk})
    IdeaNotification.objects.bulk_create(
        [IdeaNotification(recipient_id=pk, actor=person, idea=idea, change=change) for pk in sorted(recipients)],
        ignore_conflicts=True)
    to = Status(status).label
    message = (f"moved an idea you follow from “{Status(change.from_status).label}” to “{to}”"
               + (f": {change.reason}" if change.reason else ""))
    conversations.notify(recipients=sorted(recipients), actor=person, verb=Notification.Verb.PRACTICE,
                         message=message, link=idea.get_absolute_url(), post=post)
    return change


@transaction.atomic
def idea_update_create(*, person: Person, idea: IdeaState, body: str) -> IdeaUpdate:
    if not access.can_post_update(person, idea):
        raise PermissionDenied("Only the owner and collaborators can post progress updates.")
    body = clean_text(body, max_chars=UPDATE_MAX_CHARS, what="progress update")
    return IdeaUpdate.objects.create(idea=idea, author=person, body=body)


def idea_notifications_mark_read(*, person: Person, idea: IdeaState | None = None) -> int:
    qs = IdeaNotification.objects.filter(recipient=person, read_at__isnull=True)
    if idea is not None:
        qs = qs.filter(idea=idea)
    return qs.update(read_at=timezone.now())


# --- recognition: company values -------------------------------------------------------------

def _value_fields(*, name: str, description: str, exclude_pk: int | None = None) -> tuple[str, str]:
    name = clean_text(name, max_chars=VALUE_NAME_MAX_CHARS, what="value's name", required=False)
    if not name:
        raise ValidationError("A value needs a name, such as “Customers first”.")
    description = clean_text(description, max_chars=VALUE_DESCRIPTION_MAX_CHARS, what="description", required=False)
    clash = CompanyValue.objects.annotate(lname=Lower("name")).filter(lname=name.lower())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(f"There is already a value called “{name}”. Choose another name or edit that one.")
    return name, description


@transaction.atomic
def value_create(*, person: Person, name: str, description: str = "") -> CompanyValue:
    if not access.can_manage_values(person):
        raise PermissionDenied("Only organisation admins define company values.")
    name, description = _value_fields(name=name, description=description)
    value = CompanyValue.objects.create(name=name, description=description, created_by=person)
    audit.record(actor=person, action="value.create", target=value,
                 after={"name": name, "description": description, "is_active": value.is_active})
    return value


@transaction.atomic
def value_update(*, person: Person, value: CompanyValue, name: str, description: str, is_active: bool) -> CompanyValue:
    if not access.can_manage_values(person):
        raise PermissionDenied("Only organisation admins define company values.")
    name, description = _value_fields(name=name, description=description, exclude_pk=value.pk)
    before = {"name": value.name, "description": value.description, "is_active": value.is_active}
    value.name, value.description, value.is_active = name, description, is_active
    value.save(update_fields=["name", "description", "is_active"])
    after = {"name": name, "description": description, "is_active": is_active}
    if before != after:
        audit.record(actor=person, action="value.update", target=value, before=before, after=after)
    return value


def praise_value_link(*, person: Person, post: Post, value_id: str) -> PraiseValue | None:
    """The composer hook: link a praise post to the value chosen for it. Run inside post_create's
    transaction, so a bad value rolls the post back. Ignored for other kinds of post (the select
    is only shown for praise, but a hidden field is still sent)."""
    if post.kind != Post.Kind.PRAISE or not (value_id or "").strip():
        return None
    if post.author_id != person.pk:
        raise PermissionDenied("Only the author can choose the value of their praise.")
    value = None
    if str(value_id).strip().isdigit() and len(str(value_id).strip()) <= 18:
        value = CompanyValue.objects.filter(pk=int(value_id), is_active=True).first()
    if value is None:
        raise ValidationError("That company value is not available any more. Choose another, or none.")
    return PraiseValue.objects.create(post=post, value=value)
