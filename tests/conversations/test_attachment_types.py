"""Attachments (issue 13 #11 and #14): the type stored and served is the one the bytes have, never the one
the name or the browser claims; only PNG, JPEG, GIF and WebP are shown inline; huge images are refused
with their real size."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.images import HTML, SVG, one_colour_png, picture
from townsquare.conversations.models import Attachment, Post

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    """The first entries of a Word file, as Word writes them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def post_with(client_for, person, name: str, content: bytes, content_type: str = "application/octet-stream"):
    return client_for(person).post(reverse("post_create"), {
        "kind": "update", "title": "", "body": "See the file",
        "files": [SimpleUploadedFile(name, content, content_type=content_type)]})


def stored_one(client_for, world, name: str, content: bytes, content_type: str = "application/octet-stream"):
    assert post_with(client_for, world.alice, name, content, content_type).status_code == 302
    return Attachment.objects.get()


def download(client_for, world, attachment):
    response = client_for(world.alice).get(reverse("attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    return response, b"".join(response.streaming_content)


def composer_error(response) -> str:
    assert response.status_code == 400
    return re.search(r'data-testid="composer-error">(.*?)</p>', response.content.decode(), re.S).group(1)


# --- the type comes from the content (#11) -------------------------------------------------------------

def test_a_png_named_pdf_is_stored_and_served_as_a_png_image(world, client_for):
    attachment = stored_one(client_for, world, "chart.pdf", picture(30, 20), "application/pdf")
    assert (attachment.content_type, attachment.is_image) == ("image/png", True)
    response, body = download(client_for, world, attachment)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert body.startswith(b"\x89PNG")


def test_a_jpeg_named_png_is_an_image_jpeg(world, client_for):
    attachment = stored_one(client_for, world, "photo.png", picture(30, 20, "JPEG"), "image/png")
    assert attachment.content_type == "image/jpeg"
    response, _ = download(client_for, world, attachment)
    assert response["Content-Type"] == "image/jpeg"


def test_a_program_named_pdf_is_an_octet_stream_download(world, client_for):
    program = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 8
    attachment = stored_one(client_for, world, "report.pdf", program, "application/pdf")
    assert (attachment.content_type, attachment.is_image) == ("application/octet-stream", False)
    response, body = download(client_for, world, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert body == program


@pytest.mark.parametrize("content", [SVG, HTML], ids=["svg", "html"])
def test_markup_named_pdf_is_a_text_download(world, client_for, content):
    attachment = stored_one(client_for, world, "report.pdf", content, "application/pdf")
    assert (attachment.content_type, attachment.is_image) == ("text/plain; charset=utf-8", False)
    response, _ = download(client_for, world, attachment)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_word_file_named_pdf_is_a_word_file(world, client_for):
    attachment = stored_one(client_for, world, "minutes.pdf", docx_bytes(), "application/pdf")
    assert attachment.content_type == DOCX
    response, _ = download(client_for, world, attachment)
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(("stored_type", "content"), [("image/svg+xml", SVG), ("image/png", SVG), ("text/html", HTML)],
                         ids=["svg-row", "svg-as-png-row", "html-row"])
def test_a_file_stored_with_a_wrong_type_is_served_by_its_bytes(world, client_for, stored_type, content):
    """Rows written before these rules keep what the browser claimed; serving reads the file, so markup is
    a download and never a page or an inline image, with no data migration."""
    post = Post.objects.create(author=world.alice, body="Old post", body_html="<p>Old post</p>")
    attachment = Attachment.objects.create(post=post, file=ContentFile(content, name="drawing.png"),
                                           original_name="drawing.png", content_type=stored_type,
                                           size=len(content), is_image=True)
    response, body = download(client_for, world, attachment)
    assert body == content
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")


# --- the pixel limit (#14) ----------------------------------------------------------------------------

def test_a_13000_pixel_square_one_colour_png_is_refused_with_its_size(world, client_for):
    error = composer_error(post_with(client_for, world.alice, "square.png", one_colour_png(13000, 13000), "image/png"))
    assert error == ("“square.png” is 13000 × 13000 = 169,000,000 pixels; images may be at most 50,000,000 pixels "
                     "(50 megapixels). Make it smaller and try again.")
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_the_pixel_limit_holds_whatever_the_name(world, client_for):
    error = composer_error(post_with(client_for, world.alice, "square.pdf", one_colour_png(13000, 13000)))
    assert "“square.pdf” is 13000 × 13000 = 169,000,000 pixels" in error


# --- damaged images -------------------------------------------------------------------------------------

def test_a_truncated_jpeg_is_refused(world, client_for):
    whole = picture(300, 300, "JPEG")
    error = composer_error(post_with(client_for, world.alice, "photo.jpg", whole[: len(whole) // 2], "image/jpeg"))
    assert error == "“photo.jpg” is not a readable JPG image."
    assert not Attachment.objects.exists()
