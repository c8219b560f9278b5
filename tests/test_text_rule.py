"""One cleaning rule for every text field (core/validation.clean_text): NUL, unpaired surrogates, control
and text-direction override characters, and line breaks in one-line fields get a clear error, and nothing
already stored changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from townsquare.conversations import services
from townsquare.conversations.models import Group, Post
from townsquare.core.validation import clean_text

HOSTILE = {
    "nul": ("Board\x00room", "NUL character"),
    "surrogate": ("Board\ud800room", "unpaired surrogate"),
    "rtl override": ("Alice \u202eredrO", "text-direction control"),
    "control": ("Bell\x07", "invisible control character"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_rule_names_what_is_wrong(case):
    raw, said = HOSTILE[case]
    with pytest.raises(ValidationError) as caught:
        clean_text(raw, what="name", max_chars=100, single_line=True)
    assert said in caught.value.messages[0]


def test_a_direction_override_is_refused_in_names_only():
    # a body may quote right-to-left text; a name or a title must not read as someone else's
    assert clean_text("quote: \u202eabc", what="post", max_chars=100) == "quote: \u202eabc"


def test_line_breaks_only_in_multi_line_fields():
    assert clean_text("two\nlines", what="description", max_chars=100) == "two\nlines"
    with pytest.raises(ValidationError, match="line break"):
        clean_text("Alice\nBcc: everyone", what="name", max_chars=100, single_line=True)


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_groups_titles_and_names_refuse_them(world, client_for, case):
    raw, said = HOSTILE[case]
    with pytest.raises(ValidationError, match=said):
        services.group_create(creator=world.alice, name=raw)
    if case != "rtl override":  # descriptions are multi-line text: an override is allowed there
        with pytest.raises(ValidationError, match=said):
            services.group_create(creator=world.alice, name="Fine", description=raw)
    with pytest.raises(ValidationError, match=said):
        services.post_create(author=world.alice, body="Body", kind=Post.Kind.ARTICLE, title=raw)
    assert not Group.objects.filter(name="Fine").exists() and not Post.objects.exists()
    if case != "surrogate":  # a browser cannot send an unpaired surrogate in a form; the API test below can
        c = client_for(world.otto)
        response = c.post(reverse("profile_edit"), {"name": raw, "title": "Engineer", "time_zone": "UTC"})
        page = response.content.decode()
        assert response.status_code == 400 and (said in page or "Null characters are not allowed" in page)
    world.otto.refresh_from_db()
    assert world.otto.name == "Otto Outsider"


@pytest.mark.django_db
def test_an_unpaired_surrogate_in_api_json_is_a_clear_422(world, client):
    from townsquare.api import services as api_services

    _, token = api_services.token_create(person=world.alice, name="t", scope="write")
    response = client.post("/api/v1/posts", data=b'{"body": "broken \\ud800 text"}', content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 422 and "unpaired surrogate" in response.json()["error"]["message"]
    assert not Post.objects.exists()
