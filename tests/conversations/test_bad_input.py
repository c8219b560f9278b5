"""Bad input: every input that is too big, malformed or hostile gets a 400 naming the problem,
keeps what the person typed, and stores nothing. Not found and not allowed are the same 404."""

import re
import struct
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from townsquare.conversations import services
from townsquare.conversations.models import Attachment, Group, Post, PostRevision, Reply

LIMITS = settings.TOWNSQUARE
MB = 1024 * 1024


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG (IHDR + IDAT + IEND) of the given declared size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(min(height, 4)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def stored_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def page_text(response) -> str:
    return response.content.decode()


def assert_nothing_stored(posts_before: int):
    assert Post.objects.count() == posts_before
    assert Attachment.objects.count() == 0
    assert stored_files() == []


BAD_POSTS = [
    # id, form data (besides files), files, words the error must contain
    ("too-long", {"body": "x" * (LIMITS["POST_MAX_CHARS"] + 1)}, [], ["10,001 characters", "limit is 10,000"]),
    ("empty", {"body": ""}, [], ["empty"]),
    ("whitespace", {"body": "   \n\t  \r\n "}, [], ["empty"]),
    ("nul", {"body": "before\x00after"}, [], ["NUL"]),
    ("unknown-kind", {"body": "My rant about meetings", "kind": "rant"}, [], ["“rant” is not a kind of post"]),
    ("article-without-title", {"body": "My long article text", "kind": "article"}, [], ["needs a title"]),
    ("praise-for-nobody", {"body": "Well done team", "kind": "praise", "praised": "@nobody"}, [],
     ["Nobody active has the handle “@nobody”."]),
    ("praise-for-no-one", {"body": "Well done team", "kind": "praise"}, [], ["someone to praise"]),
    ("big-image", {"body": "Look at this photo"},
     [("holiday.png", png_bytes() + b"\0" * (LIMITS["IMAGE_MAX_BYTES"] + 1))], ["holiday.png", "at most 5 MB"]),
    ("big-file", {"body": "The full report"},
     [("report.pdf", b"%PDF-1.4\n" + b"\0" * (LIMITS["FILE_MAX_BYTES"] + 1))], ["report.pdf", "at most 10 MB"]),
    ("exe", {"body": "Try my tool"}, [("tool.exe", b"MZ\x90\x00" + b"\0" * 100)],
     ["tool.exe", "not a type we accept"]),
    ("no-extension", {"body": "A file without a name"}, [("README", b"hello")], ["README", "not a type we accept"]),
    ("fake-image", {"body": "My chart"}, [("chart.png", b"this is not an image at all")],
     ["chart.png", "not a readable PNG image"]),
    ("renamed-exe", {"body": "My photo"}, [("photo.jpg", b"MZ\x90\x00" + b"\0" * 2000)],
     ["photo.jpg", "not a readable JPG image"]),
    ("decompression-bomb", {"body": "A very big picture"}, [("bomb.png", png_bytes(30_000, 30_000))],
     ["bomb.png", "30000 × 30000", "at most 50,000,000 pixels"]),
    ("too-many-attachments", {"body": "All my notes"},
     [(f"note{i}.txt", b"note") for i in range(LIMITS["ATTACHMENTS_PER_POST"] + 1)],
     ["6 files", "at most 5"]),
    ("one-bad-among-good", {"body": "Two files"}, [("ok.txt", b"fine"), ("virus.bat", b"@echo off")],
     ["virus.bat", "not a type we accept"]),
]


@pytest.mark.parametrize("data,files,expected", [row[1:] for row in BAD_POSTS], ids=[row[0] for row in BAD_POSTS])
def test_bad_post_is_refused_with_a_clear_message_and_nothing_stored(world, client_for, data, files, expected):
    before = Post.objects.count()
    form = {"kind": "update", "title": "", **data}
    if files:
        form["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    response = client_for(world.alice).post(reverse("post_create"), form)
    assert response.status_code == 400
    error = re.search(r'data-testid="composer-error">(.*?)</p>', page_text(response), re.S)
    assert error, "the error is shown in the composer"
    for words in expected:
        assert words in error.group(1)
    # what was typed is kept in the re-rendered form
    typed = data["body"].split("\x00")[0]
    if typed.strip():
        textarea = re.search(r'<textarea id="composer-body"[^>]*>(.*?)</textarea>', page_text(response), re.S)
        assert textarea.group(1).startswith(typed)
    assert_nothing_stored(before)


def test_kept_draft_keeps_kind_title_group_and_praise(world, client_for):
    response = client_for(world.alice).post(reverse("post_create"), {
        "body": "", "kind": "praise", "title": "Thanks team", "group": world.private.slug, "praised": "@gina",
    })
    assert response.status_code == 400
    html = page_text(response)
    assert 'value="praise" checked' in html
    assert 'value="Thanks team"' in html
    assert f'value="{world.private.slug}" selected' in html
    assert 'value="@gina"' in html


def test_the_limit_itself_is_accepted(world, client_for):
    response = client_for(world.alice).post(reverse("post_create"), {"body": "y" * LIMITS["POST_MAX_CHARS"]})
    assert response.status_code == 302
    assert Post.objects.get().body == "y" * LIMITS["POST_MAX_CHARS"]


def test_a_good_image_and_file_are_stored(world, client_for):
    files = [SimpleUploadedFile("dot.png", png_bytes()), SimpleUploadedFile("notes.txt", b"hello")]
    response = client_for(world.alice).post(reverse("post_create"), {"body": "With files", "files": files})
    assert response.status_code == 302
    atts = {a.original_name: a for a in Attachment.objects.all()}
    assert atts["dot.png"].is_image and atts["dot.png"].content_type == "image/png"
    assert not atts["notes.txt"].is_image and atts["notes.txt"].size == 5
    assert len(stored_files()) == 2


def test_posting_in_a_group_you_are_not_in_is_refused(world, client_for):
    response = client_for(world.otto).post(reverse("post_create"), {"body": "Let me in", "group": world.public.slug})
    assert response.status_code == 400
    assert "Only members can post" in page_text(response)
    assert "Let me in" in page_text(response)
    assert not Post.objects.exists()
    # a secret group is not even there for an outsider
    response = client_for(world.otto).post(reverse("post_create"), {"body": "Hi", "group": world.secret.slug})
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_over_long_reply(world, client_for):
    post = services.post_create(author=world.gina, body="Question?", kind=Post.Kind.QUESTION)
    body = "r" * (LIMITS["REPLY_MAX_CHARS"] + 1)
    response = client_for(world.alice).post(reverse("reply_create", args=[post.pk]), {"body": body})
    assert response.status_code == 400
    assert "5,001 characters" in page_text(response) and "limit is 5,000" in page_text(response)
    assert f">{body}</textarea>" in page_text(response)
    assert not Reply.objects.exists()
    post.refresh_from_db()
    assert post.reply_count == 0


@pytest.mark.parametrize("body,words", [("", "empty"), ("   ", "empty"), ("a\x00b", "NUL")])
def test_empty_or_hostile_reply(world, client_for, body, words):
    post = services.post_create(author=world.gina, body="Update")
    response = client_for(world.alice).post(reverse("reply_create", args=[post.pk]), {"body": body})
    assert response.status_code == 400
    assert words in re.search(r'data-testid="reply-error">(.*?)</p>', page_text(response), re.S).group(1)
    assert not Reply.objects.exists()


def test_over_long_edit_leaves_the_post_unchanged(world, client_for):
    post = services.post_create(author=world.alice, body="The original text #plans")
    before = Post.objects.values().get(pk=post.pk)
    too_long = "e" * (LIMITS["POST_MAX_CHARS"] + 1)
    response = client_for(world.alice).post(reverse("post_edit", args=[post.pk]), {"body": too_long})
    assert response.status_code == 400
    assert "10,001 characters" in page_text(response)
    assert too_long in page_text(response)
    assert Post.objects.values().get(pk=post.pk) == before
    assert not PostRevision.objects.exists()
    assert list(post.topics.values_list("name", flat=True)) == ["plans"]
    response = client_for(world.alice).post(reverse("post_edit", args=[post.pk]), {"body": "   "})
    assert response.status_code == 400
    assert Post.objects.values().get(pk=post.pk) == before


@pytest.mark.parametrize("name", ["", "    "])
def test_group_without_a_name(world, client_for, name):
    groups = Group.objects.count()
    response = client_for(world.alice).post(reverse("group_create"), {
        "name": name, "description": "We discuss data", "visibility": "public", "kind": "community"})
    assert response.status_code == 400
    assert "A group needs a name." in page_text(response)
    assert "We discuss data" in page_text(response)
    assert Group.objects.count() == groups


@pytest.mark.parametrize("data,words", [
    ({"name": "n" * 121}, "limit is 120"),
    ({"name": "Good name", "visibility": "everyone"}, "public, private or secret"),
    ({"name": "Good name", "kind": "club"}, "team, community, interest or cause"),
    ({"name": "Good name", "description": "d" * 2001}, "limit is 2,000"),
])
def test_group_create_other_bad_values(world, client_for, data, words):
    groups = Group.objects.count()
    response = client_for(world.alice).post(reverse("group_create"), {"visibility": "public", "kind": "community", **data})
    assert response.status_code == 400
    assert words in page_text(response)
    assert Group.objects.count() == groups


def test_group_edit_with_empty_name_keeps_the_group(world, client_for):
    response = client_for(world.gina).post(reverse("group_edit", args=[world.public.slug]),
                                           {"name": "", "description": "changed", "visibility": "secret"})
    assert response.status_code == 400
    assert "needs a name" in page_text(response)
    world.public.refresh_from_db()
    assert (world.public.name, world.public.visibility) == ("Data Guild", "public")


@pytest.mark.parametrize("params,words", [
    ({"q": "budget", "from": "2024-13-45"}, "“2024-13-45” is not a date for “from”; use YYYY-MM-DD."),
    ({"q": "budget", "to": "yesterday"}, "“yesterday” is not a date for “to”"),
    ({"q": "budget", "kind": "planets"}, "“planets” is not something we search"),
    ({"q": "budget", "post_kind": "poem"}, "“poem” is not a kind of post."),
    ({"q": "budget", "author": "@nobody"}, "Nobody has the handle “@nobody”."),
    ({"q": "budget", "group": "no-such-group"}, "No group by that name."),
    ({"q": "budget", "author": "ali\x00ce"}, "Nobody has the handle “@ali\ufffdce”."),
])
def test_search_with_bad_filters(world, client_for, params, words):
    response = client_for(world.alice).get(reverse("search"), params)
    assert response.status_code == 400
    assert words in page_text(response)


def test_search_does_not_confirm_a_secret_group_exists(world, client_for):
    outsider = client_for(world.otto).get(reverse("search"), {"q": "board", "group": world.secret.slug})
    assert outsider.status_code == 400 and "No group by that name." in page_text(outsider)
    member = client_for(world.alice).get(reverse("search"), {"q": "board", "group": world.secret.slug})
    assert member.status_code == 200


def test_best_answer_with_a_malformed_reply_id_is_404(world, client_for):
    question = services.post_create(author=world.alice, body="Why?", kind=Post.Kind.QUESTION)
    for value in ("abc", "1 OR 1=1", "-1"):
        response = client_for(world.alice).post(reverse("best_answer", args=[question.pk]), {"reply": value})
        assert response.status_code == 404


def test_directory_with_an_absurd_department_id(world, client_for):
    response = client_for(world.alice).get(reverse("directory"), {"department": "9" * 30})
    assert response.status_code == 200


# --- not found and not allowed look the same ---------------------------------------------------

def normalised(response) -> str:
    """The page without the per-response CSRF token."""
    html = page_text(response)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', html)


def assert_same_404(client, forbidden_url: str, missing_url: str, method: str = "get"):
    forbidden = getattr(client, method)(forbidden_url)
    missing = getattr(client, method)(missing_url)
    assert forbidden.status_code == missing.status_code == 404
    assert normalised(forbidden) == normalised(missing)


@pytest.mark.parametrize("route,method", [
    ("post_detail", "get"), ("post_edit", "get"), ("post_history", "get"), ("post_seen_by", "get"),
    ("post_react", "post"), ("post_bookmark", "post"), ("reply_create", "post"), ("post_delete", "post"),
    ("post_pin", "post"), ("best_answer", "post"),
])
def test_private_post_and_missing_post_give_the_same_404(world, client_for, route, method):
    post = services.post_create(author=world.alice, body="finance only", group=world.private)
    client = client_for(world.otto)
    assert_same_404(client, reverse(route, args=[post.pk]), reverse(route, args=[post.pk + 1000]), method)
    assert not Reply.objects.exists()
    post.refresh_from_db()
    assert post.reaction_count == 0 and post.view_count == 0


@pytest.mark.parametrize("route,method", [
    ("group_detail", "get"), ("group_members", "get"), ("group_edit", "get"), ("group_join", "post"),
    ("group_leave", "post"), ("group_invite", "post"),
])
def test_secret_group_and_missing_group_give_the_same_404(world, client_for, route, method):
    client = client_for(world.otto)
    assert_same_404(client, reverse(route, args=[world.secret.slug]), reverse(route, args=["no-such-group"]), method)


def test_members_of_a_private_group_are_hidden_like_a_missing_group(world, client_for):
    assert_same_404(client_for(world.otto), reverse("group_members", args=[world.private.slug]),
                    reverse("group_members", args=["no-such-group"]))


def test_attachment_of_a_private_post_and_missing_attachment_give_the_same_404(world, client_for):
    post = services.post_create(author=world.alice, body="the numbers", group=world.private,
                                files=[SimpleUploadedFile("numbers.csv", b"a,b\n1,2\n")])
    attachment = post.attachments.get()
    assert client_for(world.alice).get(reverse("attachment", args=[attachment.pk])).status_code == 200
    assert_same_404(client_for(world.otto), reverse("attachment", args=[attachment.pk]),
                    reverse("attachment", args=[attachment.pk + 1000]))
