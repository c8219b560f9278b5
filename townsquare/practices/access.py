"""Access functions for ask leadership and polls. Every read of a question or a poll goes through here.

Questions to leaders are public to every signed-in person. A poll is readable by whoever may read
its post (conversations.access.posts_visible_to), so a poll in a private group is a 404 for people
outside it — the same 404 as for an id that does not exist. Not allowed looks like not found.
Who is an organisation admin is decided by people.access.is_org_admin alone.
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.conversations.access import posts_visible_to
from townsquare.people.access import access_org_admin, is_org_admin
from townsquare.people.models import Person
from townsquare.practices.models import Leader, Poll, Question


def _int(value, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None


def is_leader(person) -> bool:
    return person.is_authenticated and Leader.objects.filter(person=person).exists()


def questions_visible_to(person) -> QuerySet[Question]:
    if not person.is_authenticated:
        return Question.objects.none()
    return Question.objects.all()


QUESTION_ACTIONS = ("read", "change_status", "answer")


def access_question(person, question_id, action: str = "read") -> Question:
    """The question `question_id`, for `action`:

    read           every signed-in person (and so voting on it)
    change_status  decline or reopen it: the leader it is addressed to, or an organisation admin
    answer         write the answer: the leader it is addressed to
    """
    if action not in QUESTION_ACTIONS:
        raise ValueError(f"Unknown action on a question: {action!r}")
    question = (questions_visible_to(person).select_related("asker", "leader", "post", "answer_reply")
                .filter(pk=_int(question_id, "question")).first())
    if question is None or (action == "change_status" and not can_change_status(person, question)) or (
            action == "answer" and not can_answer(person, question)):
        raise Http404("No such question")
    return question


def can_change_status(person, question: Question) -> bool:
    """The addressed leader or an organisation admin may decline or reopen a question."""
    return person.is_authenticated and (person.pk == question.leader_id or is_org_admin(person))


def can_answer(person, question: Question) -> bool:
    """Only the addressed leader writes the answer: it is their reply, in their name."""
    return person.is_authenticated and person.pk == question.leader_id


def can_manage_leaders(person) -> bool:
    return is_org_admin(person)


def access_leaders_admin(person) -> None:
    """The page where leaders are named: organisation admins only; anyone else gets a missing page's 404."""
    access_org_admin(person, what="No such page")


def access_leader(person, handle: str) -> Person:
    """A leader's page: every signed-in person may open it; someone who is not a leader is the same 404 as
    nobody with that handle."""
    leader = Person.objects.filter(handle=handle, leader_role__isnull=False).first() if (
        person.is_authenticated and handle) else None
    if leader is None:
        raise Http404("No such leader")
    return leader


def polls_visible_to(person) -> QuerySet[Poll]:
    if not person.is_authenticated:
        return Poll.objects.none()
    return Poll.objects.filter(post__in=posts_visible_to(person))


def access_poll(person, poll_id) -> Poll:
    poll = polls_visible_to(person).select_related("post", "post__group", "author").filter(
        pk=_int(poll_id, "poll")).first()
    if poll is None:
        raise Http404("No such poll")
    return poll
