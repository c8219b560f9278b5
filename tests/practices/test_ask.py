"""Ask leadership: services and selectors against the real database."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from townsquare.conversations.models import Notification, Post, Reply
from townsquare.practices import selectors, services
from townsquare.practices.models import Leader, Question, QuestionVote, Reminder


@pytest.fixture
def leaders(world):
    services.leader_add(admin=world.olga, person=world.erin)
    services.leader_add(admin=world.olga, person=world.gina)
    return world


def ask(w, body="Why did we stop the Friday demos?", leader=None, **kw):
    return services.question_ask(asker=w.alice, leader=leader or w.erin, body=body, **kw)


def test_only_org_admins_name_leaders(world):
    with pytest.raises(PermissionDenied):
        services.leader_add(admin=world.alice, person=world.erin)
    with pytest.raises(ValidationError):
        services.leader_add(admin=world.olga, person=world.dave)
    services.leader_add(admin=world.olga, person=world.erin)
    services.leader_add(admin=world.olga, person=world.erin)  # twice is harmless
    assert list(selectors.leaders()) == [world.erin]
    services.leader_remove(admin=world.olga, person=world.erin)
    assert not Leader.objects.exists()


def test_asking_creates_a_company_wide_question_post(leaders):
    q = ask(leaders, kind=Question.Kind.CONCERN)
    assert q.status == Question.Status.OPEN
    assert q.post.kind == Post.Kind.QUESTION and q.post.group is None and q.post.author == leaders.alice
    assert q.post.title == "Concern for Erin Executive"
    assert q.post.body == q.body


@pytest.mark.parametrize("body", ["", "   ", "x" * (services.QUESTION_MAX_CHARS + 1), "a\x00b"])
def test_bad_questions_store_nothing(leaders, body):
    with pytest.raises(ValidationError):
        ask(leaders, body=body)
    assert not Question.objects.exists() and not Post.objects.exists()


def test_asking_someone_who_is_not_a_leader_is_refused(leaders):
    with pytest.raises(ValidationError):
        ask(leaders, leader=leaders.otto)
    assert not Post.objects.exists()


def test_votes_toggle_one_per_person(leaders):
    q = ask(leaders)
    assert services.question_vote_toggle(person=leaders.otto, question=q) is True
    assert services.question_vote_toggle(person=leaders.gina, question=q) is True
    q.refresh_from_db()
    assert q.vote_count == 2
    assert services.question_vote_toggle(person=leaders.otto, question=q) is False
    q.refresh_from_db()
    assert q.vote_count == 1 and QuestionVote.objects.filter(question=q).count() == 1
    assert [x.voted for x in selectors.questions_for(leaders.gina)] == [True]
    assert [x.voted for x in selectors.questions_for(leaders.otto)] == [False]


def test_status_changes_only_by_the_leader_or_an_org_admin(leaders):
    q = ask(leaders)
    for outsider in (leaders.alice, leaders.otto, leaders.gina):  # gina leads, but not this question
        with pytest.raises(PermissionDenied):
            services.question_decline(person=outsider, question=q, reason="No")
        with pytest.raises(PermissionDenied):
            services.question_reopen(person=outsider, question=q)
    with pytest.raises(ValidationError):
        services.question_decline(person=leaders.erin, question=q, reason="  ")
    q.refresh_from_db()
    assert q.status == Question.Status.OPEN
    services.question_decline(person=leaders.olga, question=q, reason="This belongs to the works council.")
    q.refresh_from_db()
    assert q.status == Question.Status.DECLINED and q.decline_reason and q.decided_at
    services.question_reopen(person=leaders.erin, question=q)
    q.refresh_from_db()
    assert q.status == Question.Status.OPEN and q.decline_reason == ""


def test_a_question_is_reached_through_access_question_by_action(leaders):
    from django.http import Http404

    from townsquare.practices import access

    q = ask(leaders)
    for person in (leaders.alice, leaders.otto, leaders.erin, leaders.olga):
        assert access.access_question(person, q.pk) == q
    assert access.access_question(leaders.erin, q.pk, action="change_status") == q
    assert access.access_question(leaders.olga, str(q.pk), action="change_status") == q
    assert access.access_question(leaders.erin, q.pk, action="answer") == q
    refused = [(leaders.alice, "change_status"), (leaders.gina, "change_status"), (leaders.olga, "answer"),
               (leaders.gina, "answer"), (leaders.alice, "answer")]
    for person, action in refused:
        with pytest.raises(Http404, match="No such question"):
            access.access_question(person, q.pk, action=action)
    for question_id in (q.pk + 1000, "x"):
        with pytest.raises(Http404, match="No such question"):
            access.access_question(leaders.erin, question_id, action="answer")
    with pytest.raises(ValueError):
        access.access_question(leaders.erin, q.pk, action="delete")


def test_org_admin_is_decided_by_is_org_admin_alone(leaders):
    """A deactivated account keeps its is_staff flag but is no organisation admin any more."""
    from django.http import Http404

    from townsquare.practices import access

    q = ask(leaders)
    leaders.olga.is_active = False
    leaders.olga.save(update_fields=["is_active"])
    assert not access.can_change_status(leaders.olga, q) and not access.can_manage_leaders(leaders.olga)
    with pytest.raises(Http404):
        access.access_leaders_admin(leaders.olga)
    with pytest.raises(PermissionDenied):
        services.question_decline(person=leaders.olga, question=q, reason="No")


def test_a_leader_page_is_for_leaders_only(leaders):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from townsquare.practices import access

    assert access.access_leader(leaders.otto, "erin") == leaders.erin
    for person, handle in [(leaders.otto, "alice"), (leaders.otto, "nobody"), (leaders.otto, ""),
                           (AnonymousUser(), "erin")]:
        with pytest.raises(Http404, match="No such leader"):
            access.access_leader(person, handle)
    access.access_leaders_admin(leaders.olga)
    with pytest.raises(Http404, match="No such page"):
        access.access_leaders_admin(leaders.erin)


def test_answer_is_the_leaders_reply_linked_to_a_purpose(leaders, django_capture_on_commit_callbacks):
    q = ask(leaders)
    for other in (leaders.olga, leaders.gina, leaders.alice):
        with pytest.raises(PermissionDenied):
            services.question_answer(person=other, question=q, answer="Because.")
    with pytest.raises(ValidationError):
        services.question_answer(person=leaders.erin, question=q, answer="")
    assert not Reply.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(person=leaders.erin, question=q, answer="We moved them to monthly.",
                                 purpose_theme="Understanding customers")
    q.refresh_from_db()
    assert q.status == Question.Status.ANSWERED and q.answered_at is not None
    assert q.answer_reply.post_id == q.post_id and q.answer_reply.author == leaders.erin
    assert "Understanding customers" in q.answer_reply.body and q.purpose_theme == "Understanding customers"
    # the asker hears about it through the conversations notification for answers
    assert Notification.objects.filter(recipient=leaders.alice, verb=Notification.Verb.ANSWER).exists()
    with pytest.raises(ValidationError):
        services.question_answer(person=leaders.erin, question=q, answer="Again")


def test_leader_record_share_answered_and_median(leaders):
    now = timezone.now()
    hours = [2, 10, 30]
    for h in hours:
        q = ask(leaders)
        Question.objects.filter(pk=q.pk).update(created_at=now - timedelta(hours=h))
        q.refresh_from_db()
        services.question_answer(person=leaders.erin, question=q, answer="Answered.")
        Question.objects.filter(pk=q.pk).update(answered_at=q.created_at + timedelta(hours=h))
    services.question_decline(person=leaders.erin, question=ask(leaders), reason="Not for me.")
    ask(leaders)
    record = selectors.leader_record(leaders.erin)
    assert (record.received, record.answered, record.declined, record.open) == (5, 3, 1, 1)
    assert record.share_answered_percent == 60
    assert record.median_time_to_answer == timedelta(hours=10) and record.median_text == "10 hours"
    empty = selectors.leader_record(leaders.gina)
    assert empty.received == 0 and empty.share_answered is None and empty.median_text == "—"


def test_reminders_only_after_three_days_and_once_a_day(leaders):
    now = timezone.now()
    fresh, old, answered = ask(leaders), ask(leaders), ask(leaders, leader=leaders.gina)
    Question.objects.filter(pk__in=[old.pk, answered.pk]).update(created_at=now - timedelta(days=3, hours=1))
    Question.objects.filter(pk=fresh.pk).update(created_at=now - timedelta(days=2, hours=23))
    services.question_answer(person=leaders.gina, question=answered, answer="Done.")
    run = services.reminders_send(now)
    assert (run.created, run.already) == (1, 0)
    assert services.reminders_send(now + timedelta(minutes=5)).created == 0  # same day: nothing new
    assert Reminder.objects.get().question == old
    assert [r.question for r in selectors.reminders_for(leaders.erin)] == [old]
    assert selectors.reminders_for(leaders.gina) == [] and selectors.reminders_for(leaders.alice) == []
    later = now + timedelta(days=1)
    assert services.reminders_send(later).created == 2  # next day: old again, fresh now past 3 days
    assert Reminder.objects.filter(question=old).count() == 2
    assert len(selectors.reminders_for(leaders.erin)) == 2  # one line per question


def test_reminder_command_is_idempotent(leaders, capsys):
    q = ask(leaders)
    Question.objects.filter(pk=q.pk).update(created_at=timezone.now() - timedelta(days=4))
    call_command("ask_reminders")
    call_command("ask_reminders")
    out = capsys.readouterr().out
    assert "Reminders created: 1" in out and "already reminded today: 1" in out
    assert Reminder.objects.count() == 1


# --- issue 17: the leader is told ----------------------------------------------------------------------

def test_the_leader_asked_is_told_in_the_bell_with_a_link_to_the_question(leaders, client_for):
    q = ask(leaders)
    note = Notification.objects.get(recipient=leaders.erin)
    assert (note.verb, note.actor, note.post) == (Notification.Verb.QUESTION, leaders.alice, q.post)
    assert note.get_absolute_url() == q.get_absolute_url()
    assert not Notification.objects.filter(recipient=leaders.gina).exists()  # only the leader asked
    page = client_for(leaders.erin).get("/notifications/").content.decode()
    assert "Alice Member asked you a question" in page


def test_a_concern_says_so_and_a_leader_mentioned_in_their_question_is_told_once(leaders):
    ask(leaders, body="@erin why did we stop the Friday demos? cc @gina", kind=Question.Kind.CONCERN)
    notes = list(Notification.objects.values_list("recipient__handle", "verb", "message"))
    assert sorted(notes) == [("erin", "question", "raised a concern with you"), ("gina", "mention", "")]
