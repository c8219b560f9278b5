"""The writing coach (townsquare/influence/writing.py, the web endpoint and the API operation).

Each hint fires on a text that should trigger it and stays quiet on one that should not; readability against
values worked out by hand from Flesch's formula; the API operation and its errors; the web endpoint needs a
session and the CSRF token; and asking for hints writes nothing to the database."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ApiClient
from townsquare.api import services as api_services
from townsquare.api.models import IdempotencyKey
from townsquare.influence import writing
from townsquare.influence.writing import (
    LONG_SENTENCE_WORDS,
    POST_MAX_CHARS,
    READABILITY_MIN_WORDS,
    WORD_TARGET,
    review,
)

URL = "/influence/hints/"


def hints(text: str, kind: str = "update") -> list[writing.Hint]:
    return writing.hints(text, kind)


def codes(text: str, kind: str = "update") -> list[str]:
    return [h.code for h in hints(text, kind)]


def words(n: int) -> str:
    """`n` words of plain, first-person prose with a question at the end (so only length is in question)."""
    sentence = "We ship the new report to the team on Monday and I check it"  # 13 words
    out = []
    while len(out) < n:
        out.extend(sentence.split())
    return " ".join(out[:n]) + "?"


# --- length against the kind ---------------------------------------------------------------------------------

def test_a_long_update_gets_a_length_tip_with_its_word_count():
    target = WORD_TARGET["update"]
    found = [h for h in hints(words(target + 21), "update") if h.code == "length"]
    assert len(found) == 1 and found[0].level == "tip"
    assert f"{target + 21} words" in found[0].message and str(target) in found[0].message
    assert "length" not in codes(words(target), "update")


def test_a_very_long_post_is_a_warning_and_praise_is_judged_too():
    target = WORD_TARGET["praise"]
    [hint] = [h for h in hints(words(2 * target + 1), "praise") if h.code == "length"]
    assert hint.level == "warning" and f"{2 * target + 1} words" in hint.message and "article" in hint.message


def test_an_article_may_be_long_but_not_tiny():
    assert "length" not in codes(words(900), "article")
    [hint] = [h for h in hints(words(40), "article") if h.code == "length"]
    assert "40 words is short for an article" in hint.message


def test_a_post_over_the_post_limit_is_told_to_be_an_article():
    text = "We did it? " * (POST_MAX_CHARS // 11 + 1)
    assert len(text.strip()) > POST_MAX_CHARS
    [hint] = [h for h in hints(text, "idea") if h.code == "too_long_for_kind"]
    assert hint.level == "warning" and f"{POST_MAX_CHARS:,}" in hint.message
    assert "too_long_for_kind" not in codes(text, "article")


# --- sentences and readability -------------------------------------------------------------------------------

def test_a_long_sentence_is_pointed_at_with_its_length_and_first_words():
    long_one = "I think " + " ".join(["we"] * (LONG_SENTENCE_WORDS - 2)) + " agree."
    text = f"Short start here. {long_one} What do you think?"
    [hint] = [h for h in hints(text) if h.code == "long_sentence"]
    assert f"{LONG_SENTENCE_WORDS + 1} words" in hint.message
    assert text[hint.start:hint.end] == long_one and hint.excerpt.startswith("I think we we")
    ok = "I think " + " ".join(["we"] * (LONG_SENTENCE_WORDS - 3)) + " agree. What do you think?"
    assert "long_sentence" not in codes(ok)


EASY = ("We met the new team on Monday and talked on the budget for next year. "
        "I think the plan is good, but the numbers need more work before we share them with the company.")
HARD = ("Our department will introduce a different reporting approach in the autumn. Every manager should review "
        "the information carefully and recommend improvements to the committee.")


def test_reading_ease_matches_flesch_worked_by_hand():
    # Flesch = 206.835 − 1.015 × words/sentences − 84.6 × syllables/words.
    # EASY: 34 words, 2 sentences, 40 syllables (Mon-day, bud-get, num-bers, be-fore 2; com-pa-ny 3; the rest 1).
    easy = review(EASY, "update")
    assert (easy.words, easy.sentences) == (34, 2)
    assert easy.reading_ease == round(206.835 - 1.015 * 34 / 2 - 84.6 * 40 / 34, 1) == 90.1
    assert easy.reading_label == "very easy"
    assert "readability" not in [h.code for h in easy.hints]
    # HARD: 24 words, 2 sentences, 49 syllables (de-part-ment, in-tro-duce, dif-fer-ent, re-port-ing, man-ag-er,
    # care-ful-ly, rec-om-mend, im-prove-ments, com-mit-tee 3; in-for-ma-tion 4; ap-proach, au-tumn, ev-ery,
    # re-view 2; the rest 1).
    hard = review(HARD, "update")
    assert (hard.words, hard.sentences) == (24, 2)
    assert hard.reading_ease == round(206.835 - 1.015 * 24 / 2 - 84.6 * 49 / 24, 1) == 21.9
    [hint] = [h for h in hard.hints if h.code == "readability"]
    assert hint.level == "warning" and "Reading ease 22 of 100 (very hard)" in hint.message


def test_reading_ease_needs_enough_words_and_stays_on_the_scale():
    assert review("I agree. Ship it?", "update").reading_ease is None
    assert review(words(READABILITY_MIN_WORDS - 1), "update").reading_ease is None
    assert review(words(READABILITY_MIN_WORDS), "update").reading_ease is not None
    assert review(" ".join(["Organisational communication considerably improves collaboration."] * 5),
                  "update").reading_ease == 0.0
    assert review(" ".join(["We go home. I run fast."] * 4), "update").reading_ease == 100.0
    assert [writing.reading_label(s) for s in (95, 85, 75, 65, 55, 35, 5)] == [
        "very easy", "easy", "fairly easy", "plain English", "fairly hard", "hard", "very hard"]


def test_readability_needs_no_download(monkeypatch, tmp_path):
    """textstat would fetch the CMU dictionary through nltk for "en_US"; the coach must work offline."""
    import nltk

    def no_network(*args, **kwargs):
        raise AssertionError("the writing coach tried to download nltk data")

    monkeypatch.setattr(nltk, "download", no_network)
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    assert review(HARD + " " + EASY, "article").reading_ease is not None


def test_textstat_keeps_no_copy_of_the_text():
    from textstat import backend

    review(EASY, "update")
    assert backend.counts.count_words.cache_info().currsize == 0
    assert backend.metrics.flesch_reading_ease.cache_info().currsize == 0


# --- jargon, wordiness, passive voice ------------------------------------------------------------------------

def test_jargon_is_named_with_plain_alternatives_and_where_it_is():
    text = "Going forward I want us to leverage the new dashboards. What do you think?"
    found = [h for h in hints(text) if h.code == "jargon"]
    assert [h.excerpt for h in found] == ["Going forward", "leverage"]
    leverage = found[1]
    assert leverage.alternatives == ("use", "build on") and "“use”" in leverage.message
    assert text[leverage.start:leverage.end] == "leverage"
    assert "jargon" not in codes("I want us to use the new dashboards. What do you think?")


def test_code_and_links_are_not_prose():
    text = "I fixed `leverage()` in https://example.com/synergy and [the notes](https://example.com/paradigm). OK?"
    assert "jargon" not in codes(text)


def test_wordy_phrases():
    [hint] = [h for h in hints("I wrote it in order to help. Does it?") if h.code == "wordy"]
    assert hint.alternatives == ("to",) and hint.excerpt == "in order to"
    assert "wordy" not in codes("I wrote it to help. Does it?")


@pytest.mark.parametrize("text, passive", [
    ("The decision was made by the board. Do you agree?", "was made"),
    ("I think it was decided too quickly. Do you agree?", "was decided"),
    ("The report has been carefully written. Do you agree?", "been carefully written"),
    ("You're asked to join. Will you?", "'re asked"),
])
def test_passive_voice_is_pointed_at(text, passive):
    [hint] = [h for h in hints(text) if h.code == "passive"]
    assert hint.excerpt == passive and text[hint.start:hint.end] == passive


@pytest.mark.parametrize("text", [
    "The board made the decision. Do you agree?",
    "I am excited about it and we need more people. Are you interested?",
    "We are based in Leeds and I was tired. Who else is?",
])
def test_active_sentences_are_not_passive(text):
    assert "passive" not in codes(text)


# --- a human voice --------------------------------------------------------------------------------------------

def test_the_third_person_of_a_press_release_is_a_warning():
    text = "The leadership team is pleased to announce a new travel policy. Questions?"
    [hint] = [h for h in hints(text) if h.code == "press_release"]
    assert hint.level == "warning" and hint.excerpt == "The leadership team is pleased to announce"
    assert "“I” or “we”" in hint.message
    notice = "All employees are reminded to book their leave. Thank you?"
    assert "press_release" in codes(notice)
    assert "press_release" not in codes("I'm glad to share our new travel policy. Questions?")


def test_no_i_or_we_in_a_longer_text_gets_a_tip_and_counts_are_given():
    third = ("The new travel policy starts in March. Trains are preferred for trips under four hours, and hotels "
             "are booked through the portal. Questions?")
    assert "no_first_person" in codes(third)
    mine = ("I wrote the new travel policy, and we start it in March. Trains suit trips under four hours, and "
            "you book hotels through the portal. Questions?")
    result = review(mine, "update")
    assert "no_first_person" not in [h.code for h in result.hints]
    assert (result.first_person, result.second_person) == (2, 1)


# --- a question, or an invitation to respond ----------------------------------------------------------------

def test_a_post_that_asks_nothing_gets_the_twice_the_replies_tip():
    text = "I moved the weekly numbers to the shared sheet for the whole team."
    [hint] = [h for h in hints(text) if h.code == "no_question"]
    assert "twice the replies" in hint.message
    assert review(text, "update").asks is False
    assert "no_question" not in codes(text.rstrip(".") + ". Does that work for you?")
    assert "no_question" not in codes(text + " Let me know if anything is missing.")
    assert "no_question" not in codes(text, "praise")  # a thank-you needs no question
    assert "no_question" not in codes("I moved the numbers.")  # not on the first few words


def test_a_question_post_without_a_question():
    [hint] = [h for h in hints("Looking for the Q3 numbers for the north region", "question") if h.code == "no_question"]
    assert "end with the question" in hint.message


# --- the whole review -----------------------------------------------------------------------------------------

def test_a_good_post_has_nothing_to_suggest():
    result = review("I shipped the new report today. It shows each team's numbers. What would you add?", "update")
    assert result.hints == [] and result.words == 15 and result.asks is True


def test_suggestions_never_rewrite_the_text():
    text = ("The leadership team is pleased to announce that going forward we will leverage synergies in order to "
            "move the needle. It was decided that all employees are reminded to complete the training, which has "
            "been designed by the people team and which is required of every member of staff in every office.")
    before = str(text)
    result = review(text, "update")
    assert text == before
    assert {h.code for h in result.hints} >= {"press_release", "jargon", "wordy", "passive", "long_sentence",
                                              "readability", "no_question"}
    for h in result.hints:
        assert h.level in ("tip", "warning") and "\n" not in h.message and len(h.message) < 200
        if h.start is not None and h.code != "long_sentence":
            assert text[h.start:h.end] == h.excerpt
    assert [h.level for h in result.hints] == sorted((h.level for h in result.hints), key=lambda lv: lv != "warning")


def test_empty_and_markup_only_texts():
    assert review("", "update").hints == [] and review("", "update").words == 0
    assert review("```\ncode only. here.\n```", "article").words == 0


def test_unknown_kind_and_bad_input():
    with pytest.raises(ValueError):
        review("Hello", "poem")
    with pytest.raises(writing.ValidationError) as exc:
        writing.check_draft("x" * (writing.MAX_CHARS + 1), "poem")
    assert "40,001 characters" in exc.value.message_dict["body"][0]
    assert "no kind of post called “poem”" in exc.value.message_dict["kind"][0]
    assert writing.check_draft(None, None) == ("", "update")


# --- the API operation --------------------------------------------------------------------------------------

@pytest.fixture
def alice_api(world):
    _, raw = api_services.token_create(person=world.alice, name="coach", scope="write")
    return ApiClient(raw)


def test_the_api_gives_hints_and_the_summary(alice_api):
    text = "Going forward I will leverage the new sheet. What do you think?"
    response = alice_api.post("/writing/hints", {"body": text, "kind": "idea"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    body = response.body
    assert body["words"] == 12 and body["sentences"] == 2 and body["asks"] is True and body["word_target"] == 120
    jargon = [h for h in body["hints"] if h["code"] == "jargon"]
    assert [h["excerpt"] for h in jargon] == ["Going forward", "leverage"]
    assert jargon[1] == {"code": "jargon", "level": "tip", "excerpt": "leverage", "start": 21, "end": 29,
                         "alternatives": ["use", "build on"],
                         "message": "“leverage” is corporate-speak: try “use” or “build on”."}
    assert alice_api.post("/writing/hints", {"body": ""}).body["words"] == 0  # an empty draft, kind update


def test_the_api_refuses_bad_input_clearly(alice_api):
    too_long = alice_api.post("/writing/hints", {"body": "x" * 40_001, "kind": "update"})
    assert too_long.status_code == 422 and "40000" in too_long.body["error"]["fields"]["body"][0]
    poem = alice_api.post("/writing/hints", {"body": "Hello", "kind": "poem"})
    assert poem.status_code == 422 and "kind" in poem.body["error"]["fields"]
    nul = alice_api.post("/writing/hints", {"body": "Hello\x00"})
    assert nul.status_code == 422 and "control character" in nul.body["error"]["fields"]["body"][0]
    vertical_tab = alice_api.post("/writing/hints", {"body": "Hello\x0bthere"})
    assert vertical_tab.status_code == 422
    not_text = alice_api.post("/writing/hints", {"body": ["Hello"]})
    assert not_text.status_code == 422 and "body" in not_text.body["error"]["fields"]


def test_the_api_takes_no_idempotency_key_because_it_keeps_nothing(alice_api):
    response = alice_api.post("/writing/hints", {"body": "Hello there?"}, headers={"Idempotency-Key": "abc"})
    assert response.status_code == 400 and "Idempotency-Key" in response.body["error"]["fields"]
    assert IdempotencyKey.objects.count() == 0


def test_the_api_needs_a_caller(world):
    response = ApiClient().post("/writing/hints", {"body": "Hello"})
    assert response.status_code == 401


# --- the web endpoint ---------------------------------------------------------------------------------------

def test_the_web_endpoint_needs_a_session(world, client):
    response = client.post(URL, {"body": "Hello", "kind": "update"})
    assert response.status_code == 302 and response.url.startswith("/login/")
    client.force_login(world.alice)
    assert client.get(URL).status_code == 405


def test_the_web_endpoint_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    assert client.post(URL, {"body": "Hello", "kind": "update"}).status_code == 403
    client.get("/")  # the page that holds the composer sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(URL, {"body": "Hello", "kind": "update"}, headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_the_web_endpoint_answers_an_html_fragment(world, client):
    client.force_login(world.alice)
    response = client.post(URL, {"body": "Going forward <b>we</b> will <script>leverage</script> it.",
                                 "kind": "update"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "<html" not in html and 'data-code="jargon"' in html
    assert "&lt;script&gt;" in html or "<script>" not in html
    assert "“leverage” is corporate-speak" in html
    assert re.search(r"\d+ words", html)
    empty = client.post(URL, {"body": "", "kind": "update"}).content.decode()
    assert "Tips appear here as you write" in empty


def test_the_web_endpoint_explains_bad_input(world, client):
    client.force_login(world.alice)
    response = client.post(URL, {"body": "Hello", "kind": "poem"})
    assert response.status_code == 400 and "no kind of post called “poem”" in response.content.decode()
    response = client.post(URL, {"body": "x" * 40_001, "kind": "article"})
    assert response.status_code == 400 and "40,001 characters; the limit is 40,000" in response.content.decode()
    response = client.post(URL, {"body": "Hello\x0bthere", "kind": "update"})
    assert response.status_code == 400 and "U+000B" in response.content.decode()


# --- nothing is kept ----------------------------------------------------------------------------------------

def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_asking_for_hints_writes_nothing(world, client):
    text = "The leadership team is pleased to announce that going forward we will leverage synergies."
    client.force_login(world.alice)
    session_api = ApiClient(client=client)
    _, raw = api_services.token_create(person=world.gina, name="coach", scope="write")
    token_api = ApiClient(raw)
    token_api.post("/writing/hints", {"body": "warm up"})  # the token's first use notes when it was used
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL, {"body": text, "kind": "update"}).status_code == 200
        assert session_api.post("/writing/hints", {"body": text, "kind": "article"}).status_code == 200
        assert token_api.post("/writing/hints", {"body": text}).status_code == 200
    assert row_counts() == before
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE)", q["sql"], re.I)]
    assert writes == []
