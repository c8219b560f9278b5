"""Feedback requests (issue 16 #2): asking, answering once, closing; bad input with clear messages; results for
the author alone (org admins included); and anonymity inspected in the database itself: an anonymous answer
cannot be joined back to its person from any table, by any column, by the order of the rows or by a row that
moved when it was written."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse

from townsquare.conversations import services as conversations
from townsquare.conversations.models import Notification
from townsquare.influence import access, selectors, services
from townsquare.influence.models import FeedbackAnswer, FeedbackParticipant, FeedbackRequest
from townsquare.people.models import Person


def company_post(w, author=None):
    return conversations.post_create(author=author or w.erin, body="Our plan for next year, in three lines.")


def ask(w, post=None, **kw):
    args = {"author": w.erin, "post": post or company_post(w), "audience": "readers", **kw}
    return services.feedback_request_create(**args)


def answer(fb, person, clarity=4, usefulness=3, comment=""):
    services.feedback_answer(person=person, request=fb, clarity=clarity, usefulness=usefulness, comment=comment)


def more_people(n):
    return [Person.objects.create_user(f"reader{i}@example.test", "x", name=f"Reader {i}", handle=f"reader{i}")
            for i in range(n)]


# --- asking, answering, results ---------------------------------------------------------------------------

def test_named_feedback_from_readers(world):
    fb = ask(world)
    answer(fb, world.alice, 5, 4, "Clear, but what does it mean for finance?")
    answer(fb, world.gina, 3, 2)
    fb.refresh_from_db()
    assert fb.answer_count == 2
    results = selectors.feedback_results(fb)
    assert (results.count, results.clarity, results.usefulness) == (2, 4.0, 3.0)
    assert results.distribution[0] == (5, 1, 0) and results.distribution[2] == (3, 1, 0)
    assert [(a.person, a.comment) for a in results.named] == [
        (world.alice, "Clear, but what does it mean for finance?"), (world.gina, "")]
    assert selectors.summary(fb) == {"count": 2, "clarity": 4.0, "usefulness": 3.0, "ratings_hidden": False,
                                     "ratings_after": 3}


def test_chosen_people_are_notified_and_only_they_may_answer(world):
    fb = ask(world, audience="chosen", people="@alice, gina")
    bell = Notification.objects.filter(verb=Notification.Verb.PRACTICE, actor=world.erin)
    assert sorted(n.recipient.handle for n in bell) == ["alice", "gina"]
    assert all(n.link == reverse("feedback_answer", args=[fb.pk]) for n in bell)
    assert access.access_feedback_request(world.alice, fb.pk) == fb
    with pytest.raises(Http404):
        access.access_feedback_request(world.otto, fb.pk)  # can read the post, but was not asked
    assert access.feedback_for_post(world.otto, fb.post) is None


def test_one_answer_per_person(world):
    fb = ask(world)
    answer(fb, world.alice)
    with pytest.raises(ValidationError, match="answered this feedback request already"):
        answer(fb, world.alice, 1, 1)
    assert FeedbackAnswer.objects.count() == 1 and FeedbackParticipant.objects.count() == 1


def test_closing_stops_answers_and_keeps_results(world):
    fb = ask(world)
    answer(fb, world.alice)
    services.feedback_request_close(author=world.erin, request=fb)
    fb.refresh_from_db()
    assert fb.is_closed
    with pytest.raises(ValidationError, match="has closed"):
        answer(fb, world.gina)
    assert selectors.feedback_results(fb).count == 1


def test_anonymous_comments_show_only_from_three_answers(world):
    fb = ask(world, anonymous=True)
    answer(fb, world.alice, comment="Too long")
    answer(fb, world.gina, comment="A question at the end would help")
    results = selectors.feedback_results(fb)
    assert results.count == 2 and results.comments_hidden and results.comments == []
    answer(fb, world.otto, comment="")
    results = selectors.feedback_results(fb)
    assert not results.comments_hidden
    assert results.comments == ["A question at the end would help", "Too long"]  # sorted, not in answer order
    assert results.named == []


# --- bad input --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("clarity, usefulness, message", [
    (7, 3, "Ratings go from 1 to 5."),
    ("7", 3, "Ratings go from 1 to 5."),
    (3, 0, "Ratings go from 1 to 5."),
    ("three", 3, "Ratings go from 1 to 5."),
    ("", 3, "Choose a rating for clarity from 1 to 5."),
    (3, None, "Choose a rating for usefulness from 1 to 5."),
])
def test_ratings_outside_one_to_five_are_refused(world, clarity, usefulness, message):
    fb = ask(world)
    with pytest.raises(ValidationError) as exc:
        answer(fb, world.alice, clarity, usefulness)
    assert exc.value.messages == [message]
    assert not FeedbackParticipant.objects.exists() and not FeedbackAnswer.objects.exists()


def test_bad_comments_and_bad_requests(world):
    fb = ask(world)
    with pytest.raises(ValidationError, match="character"):
        answer(fb, world.alice, comment="null\x00byte")
    with pytest.raises(ValidationError, match="at most|too long|characters"):
        answer(fb, world.alice, comment="x" * (services.COMMENT_MAX_CHARS + 1))
    with pytest.raises(ValidationError, match="your own feedback request"):
        answer(fb, world.erin)
    with pytest.raises(ValidationError, match="already asked"):
        ask(world, post=fb.post)
    with pytest.raises(ValidationError, match="Only the post's author"):
        services.feedback_request_create(author=world.alice, post=company_post(world), audience="readers")
    with pytest.raises(ValidationError, match="at least one person"):
        ask(world, audience="chosen", people="")
    with pytest.raises(ValidationError, match="Nobody active has the handle"):
        ask(world, audience="chosen", people="@nobody-here")
    with pytest.raises(ValidationError, match="Choose who to ask"):
        ask(world, audience="everyone")
    private = conversations.post_create(author=world.alice, body="Finance only", group=world.private)
    with pytest.raises(ValidationError, match="cannot read the post.*@otto"):
        services.feedback_request_create(author=world.alice, post=private, audience="chosen", people="@gina @otto")
    assert FeedbackRequest.objects.count() == 1


def test_the_answer_page_says_what_is_wrong_with_a_rating_of_7(world, client):
    fb = ask(world)
    client.force_login(world.alice)
    response = client.post(reverse("feedback_answer", args=[fb.pk]), {"clarity": "7", "usefulness": "3"})
    assert response.status_code == 400
    assert "Ratings go from 1 to 5." in response.content.decode()
    assert not FeedbackAnswer.objects.exists()


# --- permissions: results are the author's alone ------------------------------------------------------------

def test_results_are_the_authors_alone_org_admins_included(world):
    fb = ask(world)
    answer(fb, world.olga)  # an org admin may answer like any reader, but not see the results
    assert access.access_feedback_request(world.erin, fb.pk, action="results") == fb
    for person in (world.alice, world.gina, world.otto, world.olga):
        with pytest.raises(Http404):
            access.access_feedback_request(person, fb.pk, action="results")
    with pytest.raises(Http404):
        access.access_feedback_request(world.erin, fb.pk, action="answer")  # nobody answers their own request
    for bad in (999_999, "nope", None):
        with pytest.raises(Http404):
            access.access_feedback_request(world.erin, bad, action="results")


def test_a_request_on_a_private_post_is_not_found_for_outsiders(world):
    post = conversations.post_create(author=world.alice, body="Finance only", group=world.private)
    fb = services.feedback_request_create(author=world.alice, post=post, audience="readers")
    assert access.access_feedback_request(world.gina, fb.pk) == fb
    for outsider in (world.otto, world.olga):
        with pytest.raises(Http404):
            access.access_feedback_request(outsider, fb.pk)
        assert access.feedback_for_post(outsider, post) is None
    with pytest.raises(Http404):
        access.access_post_to_ask(world.gina, post.pk)  # not her post


def test_the_summary_on_the_post_is_for_the_author_only(world, client):
    fb = ask(world)
    answer(fb, world.alice, 4, 2)
    url = fb.post.get_absolute_url()
    client.force_login(world.erin)
    page = client.get(url).content.decode()
    assert 'data-testid="feedback-summary"' in page and "1 answer · clarity 4.0 / 5 · usefulness 2.0 / 5" in page
    client.force_login(world.olga)
    page = client.get(url).content.decode()
    assert 'data-testid="feedback-summary"' not in page and "clarity 4.0" not in page
    assert 'data-testid="feedback-invite"' in page  # olga may still answer
    client.force_login(world.alice)
    page = client.get(url).content.decode()
    assert "You have given your feedback" in page and "clarity 4.0" not in page


# --- anonymity, inspected in every table ------------------------------------------------------------------

def every_row() -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of every table in the database (not only our models'), with its column names."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = ([c[0] for c in cursor.description], cursor.fetchall())
    return tables


def mentions(value, needles) -> bool:
    text = str(value.hex() if isinstance(value, bytes | memoryview) else value).lower()
    return any(n in text for n in needles)


def test_an_anonymous_answer_cannot_be_joined_back_to_its_person_from_any_table(world):
    people = more_people(5)
    answerers = [world.alice, world.gina, world.otto, *people]
    fb = ask(world, anonymous=True)
    answer(fb, world.alice, 1, 2, "first-comment-alice")
    before = every_row()
    answer(fb, world.gina, 5, 4, "second-comment-gina")
    after = every_row()
    # 1. Answering moved nothing but one participant row and one answer row: no notification, no outbox item,
    #    no timestamp anywhere that changed in step with the answer.
    grown = {t: len(after[t][1]) - len(before[t][1]) for t in after if len(after[t][1]) != len(before[t][1])}
    assert grown == {FeedbackParticipant._meta.db_table: 1, FeedbackAnswer._meta.db_table: 1}
    changed = {t for t in after if t in before and set(after[t][1]) != set(before[t][1])}
    assert changed == {FeedbackParticipant._meta.db_table, FeedbackAnswer._meta.db_table,
                       FeedbackRequest._meta.db_table}  # the request's answer_count only
    for person in people:
        answer(fb, person, 3, 3, f"comment-of-{person.handle}")
    answer(fb, world.otto, 2, 5, "")
    tables = every_row()

    # 2. The answer table holds ratings and a comment, and no person, no time.
    answer_table = FeedbackAnswer._meta.db_table
    columns, rows = tables[answer_table]
    assert set(columns) == {"id", "request_id", "person_id", "clarity", "usefulness", "comment"}
    assert len(rows) == len(answerers)
    assert all(row[columns.index("person_id")] is None for row in rows)
    # The participant table says only that someone answered.
    columns_p, participants = tables[FeedbackParticipant._meta.db_table]
    assert set(columns_p) == {"id", "request_id", "person_id"}

    # 3. Nothing but the answer's own row mentions an answer's id or its comment, so no table joins to it.
    answers = list(FeedbackAnswer.objects.all())
    for a in answers:
        needles = {a.pk.hex, str(a.pk)} | ({a.comment.lower()} if a.comment else set())
        holders = [t for t, (_cols, table_rows) in tables.items()
                   for row in table_rows if any(mentions(v, needles) for v in row)]
        assert holders == [answer_table], (a.comment, holders)
    # And no foreign key anywhere points at the answer table.
    with connection.cursor() as cursor:
        for table in tables:
            for constraint in connection.introspection.get_constraints(cursor, table).values():
                if constraint.get("foreign_key"):
                    assert constraint["foreign_key"][0] != answer_table, table

    # 4. The rows of the answer table are not stored in the order people answered (8 answers: a chance of
    #    1 in 40,320 that a random order matches).
    physical = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT comment FROM {answer_table} WHERE request_id = %s ORDER BY {physical}", [fb.pk])
        stored = [r[0] for r in cursor.fetchall()]
    answered = ["first-comment-alice", "second-comment-gina", *[f"comment-of-{p.handle}" for p in people], ""]
    assert sorted(stored) == sorted(answered) and stored != answered
    # Listing is by value, not by when it was written.
    assert [a.clarity for a in FeedbackAnswer.objects.filter(request=fb)] == sorted(
        [a.clarity for a in answers], reverse=True)


def test_named_answers_keep_the_person(world):
    fb = ask(world)
    answer(fb, world.alice, 4, 4, "ok")
    assert FeedbackAnswer.objects.get().person == world.alice


def test_an_anonymous_requests_ratings_wait_for_three_answers_too(world):
    """With one answer its rating is that person's; with two, an author who knows one knows the other."""
    fb = ask(world, anonymous=True)
    answer(fb, world.alice, 5, 4)
    answer(fb, world.gina, 1, 2)
    results = selectors.feedback_results(fb)
    assert results.ratings_hidden and results.clarity is None and results.distribution == []
    assert selectors.summary(fb)["clarity"] is None
    answer(fb, world.otto, 3, 3)
    results = selectors.feedback_results(fb)
    assert not results.ratings_hidden and results.clarity == 3.0


def test_the_requests_one_may_see_follow_the_read_rule_for_everyone(world):
    """requests_visible_to (the read rule as EXISTS on the request's post) lists a request exactly when its post
    is among posts_visible_to, for posts of every kind of group and a restricted one."""
    from townsquare.conversations.access import posts_visible_to
    from townsquare.conversations.services import Audience

    posts = [conversations.post_create(author=world.gina, body=f"in {g}", group=g)
             for g in (None, world.public, world.private, world.secret)]
    posts.append(conversations.post_create(author=world.gina, body="for alice", audience=Audience(people=(world.alice,))))
    for post in posts:
        services.feedback_request_create(author=world.gina, post=post, audience=FeedbackRequest.Audience.READERS)
    for person in Person.objects.all():
        readable = set(posts_visible_to(person).values_list("pk", flat=True))
        seen = set(access.requests_visible_to(person).values_list("post_id", flat=True))
        assert seen == {p.pk for p in posts} & readable, str(person)
