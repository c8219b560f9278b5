"""Access functions for ask leadership and polls. Every read of a question or a poll goes through here.

Questions to leaders are public to every signed-in person. A poll is readable by whoever may read
its post (conversations.access.posts_visible_to), so a poll in a private group is a 404 for people
outside it — the same 404 as for an id that does not exist. Not allowed looks like not found.
"""

from django.db.models import QuerySet
from django.http import Http404

from townsquare.conversations.access import posts_visible_to
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


def access_question(person, question_id) -> Question:
    question = (questions_visible_to(person).select_related("asker", "leader", "post", "answer_reply")
                .filter(pk=_int(question_id, "question")).first())
    if question is None:
        raise Http404("No such question")
    return question


def can_change_status(person, question: Question) -> bool:
    """The addressed leader or an organisation admin may decline or reopen a question."""
    return person.is_authenticated and (person.pk == question.leader_id or person.is_staff)


def can_answer(person, question: Question) -> bool:
    """Only the addressed leader writes the answer: it is their reply, in their name."""
    return person.is_authenticated and person.pk == question.leader_id


def can_manage_leaders(person) -> bool:
    return person.is_authenticated and person.is_staff


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
