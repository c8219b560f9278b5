"""Mentoring: topics normalised, suggestions ranked by overlap then other department, asking a mentor,
accepting and declining (both told in the bell), and pages that are one's own."""

import pytest
from django.core.exceptions import ValidationError

from townsquare.connect import selectors, services
from townsquare.connect.models import MentoringTopic, Mentorship
from townsquare.conversations.models import Notification


def test_topics_are_normalised():
    assert services.normalise_topics(" #SQL, Public  Speaking,sql;\nnegotiation ") == ["sql", "public speaking",
                                                                                   "negotiation"]
    for bad in ("", " , ,", "x" * 41, ",".join(f"t{i}" for i in range(9)), "a\x00b"):
        with pytest.raises(ValidationError):
            services.normalise_topics(bad)


def test_suggestions_rank_by_overlap_then_other_department(world):
    # alice (Finance) asks for help with sql, forecasting and negotiation
    request = services.request_create(person=world.alice, topics="sql, forecasting, negotiation")
    same_dept_two = services.offer_create(person=world.gina, topics="SQL, forecasting")  # Finance, 2 shared
    other_dept_two = services.offer_create(person=world.erin, topics="negotiation, #sql")  # Exec office, 2 shared
    other_dept_one = services.offer_create(person=world.otto, topics="forecasting, gardening")  # 1 shared
    services.offer_create(person=world.olga, topics="gardening")  # nothing shared
    own = services.offer_create(person=world.alice, topics="sql")  # her own: never suggested
    dave_offer = services.offer_create(person=world.dave, topics="sql, forecasting, negotiation")  # deactivated
    suggestions = selectors.suggestions_for(request)
    assert [o.pk for o in suggestions] == [other_dept_two.pk, same_dept_two.pk, other_dept_one.pk]
    assert [t.name for t in suggestions[0].shared_topics] == ["negotiation", "sql"]
    assert own.pk not in [o.pk for o in suggestions] and dave_offer.pk not in [o.pk for o in suggestions]
    assert MentoringTopic.objects.filter(name="sql").count() == 1


def test_ask_accept_and_decline_notify_both(world, django_capture_on_commit_callbacks):
    request = services.request_create(person=world.alice, topics="sql", note="I write slow queries.")
    offer_gina = services.offer_create(person=world.gina, topics="sql")
    offer_erin = services.offer_create(person=world.erin, topics="sql")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.mentorship_ask(mentee=world.alice, request=request, offer=offer_gina, message="Could we talk?")
        second = services.mentorship_ask(mentee=world.alice, request=request, offer=offer_erin)
    assert Notification.objects.filter(recipient=world.gina, actor=world.alice, verb="pairing").exists()
    with pytest.raises(ValidationError, match="already asked"):
        services.mentorship_ask(mentee=world.alice, request=request, offer=offer_gina)
    with pytest.raises(ValidationError):
        services.mentorship_decide(mentor=world.erin, mentorship=first, accept=True)  # not erin's to answer
    with django_capture_on_commit_callbacks(execute=True):
        services.mentorship_decide(mentor=world.erin, mentorship=second, accept=False)
        services.mentorship_decide(mentor=world.gina, mentorship=first, accept=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Mentorship.Status.ACCEPTED and second.status == Mentorship.Status.DECLINED
    to_alice = Notification.objects.filter(recipient=world.alice, verb="pairing")
    assert {n.actor_id for n in to_alice} == {world.gina.pk, world.erin.pk}
    assert Notification.objects.filter(recipient=world.gina, message__contains="is now your mentee").exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.mentorship_decide(mentor=world.gina, mentorship=first, accept=False)


def test_closed_request_and_paused_offer_cannot_be_used(world):
    request = services.request_create(person=world.alice, topics="sql")
    offer = services.offer_create(person=world.gina, topics="sql")
    services.offer_set_active(person=world.gina, offer=offer, active=False)
    assert selectors.suggestions_for(request) == []
    with pytest.raises(ValidationError):
        services.mentorship_ask(mentee=world.alice, request=request, offer=offer)
    services.offer_set_active(person=world.gina, offer=offer, active=True)
    services.request_set_open(person=world.alice, request=request, open_=False)
    with pytest.raises(ValidationError, match="closed"):
        services.mentorship_ask(mentee=world.alice, request=request, offer=offer)


def test_mentoring_pages(world, client_for, django_assert_max_num_queries):
    alice, gina, otto = client_for(world.alice), client_for(world.gina), client_for(world.otto)
    assert alice.post("/mentoring/requests/", {"topics": " , "}).status_code == 400
    response = alice.post("/mentoring/offers/", {"topics": "x" * 50, "note": "Happy to help"})
    assert response.status_code == 400 and b"at most 40" in response.content
    assert b"Happy to help" in response.content  # the form keeps what was typed
    gina.post("/mentoring/offers/", {"topics": "sql, forecasting", "note": "Ask me about window functions."})
    response = alice.post("/mentoring/requests/", {"topics": "SQL", "note": "Slow reports"})
    request_url = response["Location"]
    page = alice.get(request_url)
    assert page.status_code == 200 and b"Gina Groupadmin" in page.content and b"window functions" in page.content
    # someone else's request: not found, org admins included
    assert otto.get(request_url).status_code == 404
    assert client_for(world.olga).get(request_url).status_code == 404
    offer = world.gina.mentor_offers.get()
    request_id = request_url.rstrip("/").rsplit("/", 1)[1]
    assert alice.post(f"/mentoring/requests/{request_id}/ask/{offer.pk}/", {"message": "Hi!"}).status_code == 302
    assert otto.post(f"/mentoring/requests/{request_id}/ask/{offer.pk}/").status_code == 404
    mentorship = Mentorship.objects.get()
    assert otto.post(f"/mentoring/mentorships/{mentorship.pk}/decide/", {"decision": "accept"}).status_code == 404
    assert gina.post(f"/mentoring/mentorships/{mentorship.pk}/decide/", {"decision": "maybe"}).status_code == 400
    with django_assert_max_num_queries(14):
        page = gina.get("/mentoring/")
    assert b"People asking you" in page.content and b"Slow reports" in page.content
    assert gina.post(f"/mentoring/mentorships/{mentorship.pk}/decide/", {"decision": "accept"}).status_code == 302
    assert b"Accepted" in alice.get("/mentoring/").content
    assert b"Slow reports" not in otto.get("/mentoring/").content


# --- issue 17: matching by words, meaning and spelling, with the reason; contact; accepting closes ----------

def test_topics_match_by_meaning_word_and_close_spelling_and_say_why(world):
    from townsquare.connect import matching

    assert matching.topic_match("public speaking", "presenting") == matching.SYNONYM
    assert matching.topic_match("negotiating", "negotiation") == matching.SAME
    assert matching.topic_match("speaking", "speaking to customers") == matching.WORD
    assert matching.topic_match("forcasting", "forecasting") == matching.CLOSE
    assert matching.topic_match("design", "resign") is None
    assert matching.topic_match("leadership", "lead generation") is None
    assert matching.topic_match("sql", "gardening") is None

    request = services.request_create(person=world.alice, topics="public speaking, forcasting")
    exact = services.offer_create(person=world.gina, topics="public speaking, forecasting")
    meaning = services.offer_create(person=world.erin, topics="presenting")
    typo = services.offer_create(person=world.otto, topics="forecasting models")
    services.offer_create(person=world.olga, topics="gardening")
    suggestions = selectors.suggestions_for(request)
    assert [o.pk for o in suggestions] == [exact.pk, meaning.pk, typo.pk]
    assert [r.text for r in suggestions[1].match_reasons] == ["“presenting” is close in meaning to “public speaking”"]
    assert [t.name for t in suggestions[2].shared_topics] == ["forecasting models"]
    assert "spelt much like “forcasting”" in suggestions[2].match_reasons[0].text


def test_the_request_page_shows_why_each_mentor_matches(world, client_for):
    request = services.request_create(person=world.alice, topics="public speaking")
    services.offer_create(person=world.erin, topics="presenting")
    html = client_for(world.alice).get(f"/mentoring/requests/{request.pk}/").content.decode()
    assert "Erin Executive" in html and "is close in meaning to" in html and "Ask Erin Executive to mentor you" in html


def test_accepting_closes_the_request_withdraws_other_asks_and_shares_emails(world, client_for,
                                                                          django_capture_on_commit_callbacks):
    request = services.request_create(person=world.alice, topics="sql")
    first = services.mentorship_ask(mentee=world.alice, request=request,
                                    offer=services.offer_create(person=world.gina, topics="sql"))
    second = services.mentorship_ask(mentee=world.alice, request=request,
                                     offer=services.offer_create(person=world.erin, topics="databases"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.gina).post(f"/mentoring/mentorships/{first.pk}/decide/", {"decision": "accept"})
    assert response.status_code == 302
    request.refresh_from_db()
    second.refresh_from_db()
    assert request.open is False and second.status == Mentorship.Status.WITHDRAWN
    assert Notification.objects.filter(recipient=world.erin, actor=world.alice,
                                       message__contains="found a mentor").exists()
    to_alice = Notification.objects.get(recipient=world.alice, actor=world.gina)
    assert "now closed" in to_alice.message and world.gina.email in to_alice.message
    with pytest.raises(ValidationError, match="found a mentor"):
        services.mentorship_decide(mentor=world.erin, mentorship=second, accept=True)
    # each sees how to reach the other; nobody else sees the addresses
    mine = client_for(world.alice).get("/mentoring/").content.decode()
    assert f"mailto:{world.gina.email}" in mine and "@gina" in mine
    theirs = client_for(world.gina).get("/mentoring/").content.decode()
    assert f"mailto:{world.alice.email}" in theirs
    assert f"mailto:{world.alice.email}" not in client_for(world.erin).get("/mentoring/").content.decode()
