"""Avatars (issue 13 #11 and #14): the type comes from the bytes, huge pictures are refused with their real
size before anything is decoded, and what is stored is a small, upright copy without the camera's metadata."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.images import HTML, SVG, gps_exif, one_colour_png, opened, picture
from tests.people.test_people import profile_form

pytestmark = pytest.mark.django_db


def upload(client_for, person, name: str, content: bytes, content_type: str = "image/png"):
    avatar = SimpleUploadedFile(name, content, content_type=content_type)
    return client_for(person).post(reverse("profile_edit"), {**profile_form(person), "avatar": avatar})


def served(client_for, world, handle: str):
    """The avatar as a colleague (Alice) gets it: the response and its bytes."""
    response = client_for(world.alice).get(reverse("avatar", args=[handle]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def error_of(response) -> str:
    assert response.status_code == 400
    return response.content.decode()


def stored_files() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- the type comes from the content (#11) -----------------------------------------------------------

def test_a_png_named_pdf_is_served_as_a_png_image(world, client_for):
    assert upload(client_for, world.otto, "me.pdf", picture(40, 40), content_type="application/pdf").status_code == 302
    response, body = served(client_for, world, "otto")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert opened(body).format == "PNG"
    world.otto.refresh_from_db()
    assert world.otto.avatar.name == "avatars/otto.png"  # named by what it is


@pytest.mark.parametrize("content", [SVG, HTML], ids=["svg", "html"])
def test_svg_or_html_named_png_is_refused_as_a_picture(world, client_for, content):
    page = error_of(upload(client_for, world.otto, "me.png", content))
    assert "This picture is not a PNG, JPEG, GIF or WebP image" in page
    world.otto.refresh_from_db()
    assert not world.otto.avatar
    assert stored_files() == []


@pytest.mark.parametrize("content", [SVG, HTML], ids=["svg", "html"])
def test_a_stored_avatar_that_is_not_an_image_is_a_download_never_a_page(world, client_for, content):
    """A file stored before these rules (its name says .png, its bytes are markup): served from its bytes."""
    world.otto.avatar.save("otto.png", ContentFile(content))
    response, body = served(client_for, world, "otto")
    assert body == content
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_stored_jpeg_named_png_is_served_as_jpeg(world, client_for):
    world.otto.avatar.save("otto.png", ContentFile(picture(30, 30, "JPEG")))
    response, _ = served(client_for, world, "otto")
    assert response["Content-Type"] == "image/jpeg"


# --- the pixel limit (#14) ------------------------------------------------------------------------------

def test_a_13000_pixel_square_one_colour_png_is_refused_with_its_size(world, client_for):
    content = one_colour_png(13000, 13000)
    assert len(content) < 2 * 1024 * 1024  # small in bytes: only the pixel count can refuse it
    page = error_of(upload(client_for, world.otto, "square.png", content))
    assert ("This picture is 13000 × 13000 = 169,000,000 pixels; images may be at most 50,000,000 pixels "
            "(50 megapixels)." in page)
    world.otto.refresh_from_db()
    assert not world.otto.avatar
    assert stored_files() == []


def test_a_picture_past_pillows_own_bomb_limit_gets_the_same_message(world, client_for):
    page = error_of(upload(client_for, world.otto, "bomb.png", one_colour_png(20000, 20000)))
    assert "This picture is 20000 × 20000 = 400,000,000 pixels; images may be at most 50,000,000" in page


def test_the_limit_is_a_setting(world, client_for, settings):
    settings.TOWNSQUARE = {**settings.TOWNSQUARE, "IMAGE_MAX_PIXELS": 1000}
    page = error_of(upload(client_for, world.otto, "me.png", picture(40, 30)))
    assert "This picture is 40 × 30 = 1,200 pixels; images may be at most 1,000 pixels" in page


# --- what is stored: small, upright, no metadata (#14) -----------------------------------------------------

def test_a_2000_by_1000_picture_is_stored_at_512_by_256(world, client_for):
    assert upload(client_for, world.otto, "wide.png", picture(2000, 1000)).status_code == 302
    world.otto.refresh_from_db()
    stored = opened(world.otto.avatar.read())
    assert stored.size == (512, 256)
    _, body = served(client_for, world, "otto")
    assert opened(body).size == (512, 256)


def test_a_photo_is_turned_upright_and_loses_its_exif_and_gps(world, client_for):
    # 300 wide, 200 high as stored, with "rotate 90° clockwise to view" (orientation 6): upright it is 200 × 300
    photo = picture(300, 200, "JPEG", exif=gps_exif(orientation=6))
    assert opened(photo).getexif().get_ifd(0x8825)  # the upload does carry a GPS position
    assert upload(client_for, world.otto, "IMG_0001.JPG", photo, content_type="image/jpeg").status_code == 302
    world.otto.refresh_from_db()
    assert world.otto.avatar.name == "avatars/otto.jpg"
    stored = opened(world.otto.avatar.read())
    assert stored.format == "JPEG"
    assert stored.size == (200, 300)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info


def test_a_transparent_picture_stays_a_transparent_png(world, client_for):
    assert upload(client_for, world.otto, "logo.webp", picture(600, 600, "WEBP", mode="RGBA"),
                  content_type="image/webp").status_code == 302
    world.otto.refresh_from_db()
    stored = opened(world.otto.avatar.read())
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (512, 512))
    assert world.otto.avatar.name == "avatars/otto.png"


# --- damaged pictures ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_truncated_picture_is_refused_with_a_clear_message(world, client_for, fmt):
    whole = picture(300, 300, fmt)
    page = error_of(upload(client_for, world.otto, f"me.{fmt.lower()}", whole[: len(whole) // 2]))
    assert "This picture is damaged or incomplete, so it cannot be read." in page
    assert "Upload a valid image" not in page  # Django's words, which say nothing about what is wrong
    world.otto.refresh_from_db()
    assert not world.otto.avatar
    assert stored_files() == []


def test_clearing_the_picture_still_works(world, client_for):
    assert upload(client_for, world.otto, "me.png", picture(20, 20)).status_code == 302
    response = client_for(world.otto).post(reverse("profile_edit"), {**profile_form(world.otto), "avatar-clear": "on"})
    assert response.status_code == 302
    world.otto.refresh_from_db()
    assert not world.otto.avatar
