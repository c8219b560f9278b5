"""Issue 17 #4: ask leadership through the API — leaders, questions, asking, up-votes, the leader's answer."""

import pytest

from townsquare.conversations.models import Notification, Reply
from townsquare.practices import services as practices
from townsquare.practices.models import Question, QuestionVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(world):
    practices.leader_add(admin=world.olga, person=world.gina)
    return world.gina


def test_ask_a_leader_and_find_the_question(api_as, world, leader):
    client = api_as(world.alice)
    assert [p["handle"] for p in client.get("/leaders").body["items"]] == ["gina"]
    asked = client.post("/leadership/questions", {"leader": "@gina", "body": "When is the budget final?"})
    assert asked.status_code == 201 and asked.body["status"] == "open" and asked.body["leader"]["handle"] == "gina"
    assert Notification.objects.filter(recipient=leader, verb=Notification.Verb.QUESTION).exists()
    listed = api_as(world.otto).get("/leadership/questions", {"leader": "gina", "status": "open"}).body["items"]
    assert [q["id"] for q in listed] == [asked.body["id"]]
    assert api_as(world.otto).get(f"/leadership/questions/{asked.body['id']}").body["body"] == "When is the budget final?"


def test_asking_someone_who_is_not_a_leader_is_a_404_naming_the_field(api_as, world, leader):
    response = api_as(world.alice).post("/leadership/questions", {"leader": "otto", "body": "Hello?"})
    assert response.status_code == 404 and "leader" in response.body["error"]["fields"]
    assert api_as(world.alice).get("/leadership/questions", {"leader": "otto"}).status_code == 404
    assert Question.objects.count() == 0


def test_votes_are_set_and_unset_and_sort_the_list(api_as, world, leader):
    first = practices.question_ask(asker=world.alice, leader=leader, body="First")
    second = practices.question_ask(asker=world.alice, leader=leader, body="Second")
    otto = api_as(world.otto)
    assert otto.put(f"/leadership/questions/{first.pk}/vote").body == {"question_id": first.pk, "voted": True,
                                                                       "vote_count": 1}
    assert otto.put(f"/leadership/questions/{first.pk}/vote").body["vote_count"] == 1
    assert QuestionVote.objects.count() == 1
    assert [q["id"] for q in otto.get("/leadership/questions", {"sort": "votes"}).body["items"]] == [first.pk, second.pk]
    assert [q["id"] for q in otto.get("/leadership/questions").body["items"]] == [second.pk, first.pk]
    assert otto.delete(f"/leadership/questions/{first.pk}/vote").body["vote_count"] == 0
    assert otto.delete(f"/leadership/questions/{first.pk}/vote").body["voted"] is False


def test_only_the_leader_asked_answers(api_as, world, leader):
    question = practices.question_ask(asker=world.alice, leader=leader, body="Why the freeze?")
    for someone in (world.alice, world.otto, world.olga):
        assert api_as(someone).post(f"/leadership/questions/{question.pk}/answer",
                                    {"answer": "Because"}).status_code == 404
    gina = api_as(leader)
    answered = gina.post(f"/leadership/questions/{question.pk}/answer",
                         {"answer": "Cash first this quarter.", "purpose_theme": "Stay independent"})
    assert answered.status_code == 200 and answered.body["status"] == "answered"
    assert answered.body["answer"].startswith("Cash first this quarter.")
    assert Reply.objects.filter(post=question.post, author=leader).count() == 1
    again = gina.post(f"/leadership/questions/{question.pk}/answer", {"answer": "Twice"})
    assert again.status_code == 422 and "already" in again.body["error"]["message"]
    assert Reply.objects.filter(post=question.post).count() == 1


def test_bad_input_and_a_read_only_token(api_as, world, leader):
    question = practices.question_ask(asker=world.alice, leader=leader, body="Open?")
    client = api_as(world.alice)
    empty = client.post("/leadership/questions", {"leader": "gina", "body": ""})
    assert empty.status_code == 422 and "body" in empty.body["error"]["fields"]
    assert client.get("/leadership/questions", {"status": "maybe"}).status_code == 422
    reader = api_as(world.otto, scope="read")
    for response in (reader.put(f"/leadership/questions/{question.pk}/vote"),
                     reader.post("/leadership/questions", {"leader": "gina", "body": "Hi"})):
        assert response.status_code == 403 and response.body["error"]["code"] == "read_only_token"
    assert api_as(leader, scope="read").post(f"/leadership/questions/{question.pk}/answer",
                                             {"answer": "No"}).status_code == 403
    assert Question.objects.count() == 1 and QuestionVote.objects.count() == 0
