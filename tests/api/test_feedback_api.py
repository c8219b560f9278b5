"""The feedback API (issue 16 #2 through /api/v1): ask on one's own post, answer once, results for the author
alone (org admins get the 404 of a missing request), bad input a 422 that changes nothing; and a preview post
(staged sharing) is out of the API's reach for anyone it was not shared with. Every response is checked against
the OpenAPI document by the ApiClient."""

from townsquare.conversations import services as conv
from townsquare.influence.models import FeedbackAnswer, FeedbackRequest


def _post(w, **kw):
    return conv.post_create(author=w.erin, body="Our plan for next year, in three lines.", **kw)


def test_ask_answer_and_read_the_results(api_as, world):
    post = _post(world)
    erin, alice = api_as(world.erin), api_as(world.alice)
    r = erin.post(f"/posts/{post.pk}/feedback", {"people": ["@alice", "gina"]})
    assert r.status_code == 201, r.body
    fb_id = r.body["id"]
    assert (r.body["audience"], r.body["anonymous"], r.body["answer_count"], r.body["can_answer"]) == (
        "chosen", False, 0, False)
    seen = alice.get(f"/feedback/{fb_id}")
    assert seen.status_code == 200 and seen.body["can_answer"] is True and seen.body["answer_count"] is None
    r = alice.post(f"/feedback/{fb_id}/answers", {"clarity": 5, "usefulness": 4, "comment": "Clear to me."})
    assert r.status_code == 201 and r.body == {"answered": True, "anonymous": False}
    again = alice.post(f"/feedback/{fb_id}/answers", {"clarity": 1, "usefulness": 1})
    assert again.status_code == 409 and "already" in again.body["error"]["message"]
    assert alice.get(f"/feedback/{fb_id}").body["answered"] is True
    results = erin.get(f"/feedback/{fb_id}/results")
    assert results.status_code == 200
    assert (results.body["count"], results.body["clarity"], results.body["usefulness"]) == (1, 5.0, 4.0)
    assert results.body["named"][0]["person"]["handle"] == "alice"
    assert results.body["named"][0]["comment"] == "Clear to me."


def test_results_are_the_authors_alone(api_as, world):
    post = _post(world)
    fb = api_as(world.erin).post(f"/posts/{post.pk}/feedback", {}).body["id"]
    for person in (world.alice, world.olga, world.otto):
        r = api_as(person).get(f"/feedback/{fb}/results")
        assert r.status_code == 404 and r.body["error"]["code"] == "not_found"
    # only the author asks, on their own post
    r = api_as(world.alice).post(f"/posts/{post.pk}/feedback", {})
    assert r.status_code == 404
    assert api_as(world.erin).post(f"/posts/{post.pk}/feedback", {}).status_code == 409
    assert FeedbackRequest.objects.count() == 1


def test_bad_input_is_a_422_and_stores_nothing(api_as, world):
    post = _post(world)
    erin = api_as(world.erin)
    r = erin.post(f"/posts/{post.pk}/feedback", {"people": ["not a handle!"]})
    assert r.status_code == 422 and any(k.startswith("people") for k in r.body["error"]["fields"])
    r = erin.post(f"/posts/{post.pk}/feedback", {"people": ["@nobodyhere"]})
    assert r.status_code == 404 and "nobodyhere" in r.body["error"]["message"]
    assert not FeedbackRequest.objects.exists()
    fb = erin.post(f"/posts/{post.pk}/feedback", {"anonymous": True}).body["id"]
    alice = api_as(world.alice)
    r = alice.post(f"/feedback/{fb}/answers", {"clarity": 7, "usefulness": 3})
    assert r.status_code == 422 and "clarity" in r.body["error"]["fields"]
    r = alice.post(f"/feedback/{fb}/answers", {"clarity": "5", "usefulness": 0})
    assert r.status_code == 422 and "usefulness" in r.body["error"]["fields"]
    assert not FeedbackAnswer.objects.exists()
    # the author cannot answer their own request: the same 404 as a missing one
    assert erin.post(f"/feedback/{fb}/answers", {"clarity": 5, "usefulness": 5}).status_code == 404
    assert alice.post("/feedback/999999/answers", {"clarity": 5, "usefulness": 5}).status_code == 404


def test_an_anonymous_requests_results_wait_for_three_answers(api_as, world):
    from townsquare.people.models import Person

    post = _post(world)
    fb = api_as(world.erin).post(f"/posts/{post.pk}/feedback", {"anonymous": True}).body["id"]
    readers = [world.alice, world.gina] + [
        Person.objects.create_user(f"r{i}@example.test", "x", name=f"Reader {i}", handle=f"r{i}") for i in range(1)]
    for i, person in enumerate(readers[:2]):
        assert api_as(person).post(f"/feedback/{fb}/answers", {"clarity": 4, "usefulness": 2 + i,
                                                              "comment": f"Note {i}"}).status_code == 201
    held = api_as(world.erin).get(f"/feedback/{fb}/results").body
    assert held["ratings_hidden"] and held["comments_hidden"] and held["clarity"] is None and held["comments"] == []
    api_as(readers[2]).post(f"/feedback/{fb}/answers", {"clarity": 1, "usefulness": 1})
    shown = api_as(world.erin).get(f"/feedback/{fb}/results").body
    assert shown["count"] == 3 and shown["comments"] == ["Note 0", "Note 1"] and shown["named"] == []


def test_a_preview_is_out_of_the_apis_reach_for_outsiders(api_as, world):
    post = _post(world, audience=conv.Audience(people=[world.alice]))
    otto, alice = api_as(world.otto), api_as(world.alice)
    assert otto.get(f"/posts/{post.pk}").status_code == 404
    assert otto.get(f"/posts/{post.pk}/replies").status_code == 404
    assert otto.post(f"/posts/{post.pk}/replies", {"body": "Hi"}).status_code == 404
    assert post.pk not in [p["id"] for p in otto.get("/posts").body["items"]]
    assert post.pk not in [p["id"] for p in otto.get("/feeds/company").body["items"]]
    assert otto.get("/search", {"q": "plan"}).body["items"] == []
    assert alice.get(f"/posts/{post.pk}").status_code == 200
    assert post.pk in [p["id"] for p in alice.get("/feeds/home").body["items"]]
    assert alice.get("/search", {"q": "plan"}).body["items"]
