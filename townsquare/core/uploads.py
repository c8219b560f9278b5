"""Uploaded files: what a file is comes from its bytes, never from its name or what the browser claims.

Shared by avatars (people) and post attachments (conversations):

- `image_header(f)` reads an image's format and size from its header alone (no pixel is decoded), and knows
  only the formats we show inline: PNG, JPEG, GIF and WebP. SVG (a document that can run script) and
  anything else are not images here.
- `check_image(f, label=...)` refuses an image with more than TOWNSQUARE["IMAGE_MAX_PIXELS"] pixels, saying
  its real dimensions, before anything is decoded, and an image whose data is damaged.
- `avatar_image(f, stem=...)` turns an upload into the stored picture: turned upright by its EXIF
  orientation, at most TOWNSQUARE["AVATAR_MAX_SIDE"] pixels a side, encoded again (which drops EXIF and
  other metadata, GPS position included) and named by its real type.
- `file_type(f)` is the MIME type of any other file, from its signature (the `filetype` package):
  a PDF or Office document, UTF-8 text, and application/octet-stream for everything else.
- `file_response(file, filename=...)` serves a stored file with the type read from its bytes at serving
  time, so a file stored before these rules with a wrong type is served safely too: only the inline images
  above are shown in the page; everything else is a download (Content-Disposition: attachment). The
  nosniff header (SECURE_CONTENT_TYPE_NOSNIFF) keeps browsers from guessing otherwise.
"""

import io
import struct
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from filetype.types import archive, document
from PIL import GifImagePlugin, Image, ImageOps, JpegImagePlugin, PngImagePlugin, WebPImagePlugin

INLINE_IMAGES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
# Each reader parses only its own format's header in its constructor; Image.open would try every format
# Pillow knows and stop at its own decompression-bomb limit before we could say the image's size.
_READERS = (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile, GifImagePlugin.GifImageFile,
            WebPImagePlugin.WebPImageFile)
_UNREADABLE = (SyntaxError, OSError, ValueError, IndexError, TypeError, EOFError, struct.error)
# The documents a post may carry, recognised by their signature (an Office file is a ZIP whose first
# entries say which application wrote it).
_DOCUMENTS = (archive.Pdf(), document.Docx(), document.Xlsx(), document.Pptx())
TEXT = "text/plain; charset=utf-8"
UNKNOWN = "application/octet-stream"
SNIFF_BYTES = 8192
# A served file is never a page: no script, no plugin, no form, even if a browser were to render it.
FILE_CSP = "default-src 'none'; img-src 'self'; sandbox"


def _limits():
    return settings.TOWNSQUARE


@dataclass(frozen=True)
class ImageHeader:
    format: str  # "PNG", "JPEG", "GIF" or "WEBP"
    width: int
    height: int

    @property
    def mime(self) -> str:
        return INLINE_IMAGES[self.format]

    @property
    def pixels(self) -> int:
        return self.width * self.height


def _rewind(f) -> None:
    f.seek(0)


def image_header(f) -> ImageHeader | None:
    """The format and size an image's header declares, or None when the bytes are not a PNG, JPEG, GIF or
    WebP image. Reads the first few bytes only; `f` is left at its start."""
    try:
        for reader in _READERS:
            _rewind(f)
            try:
                im = reader(f)
            except _UNREADABLE:
                continue
            width, height = im.size
            if width > 0 and height > 0:
                return ImageHeader(im.format, width, height)
        return None
    finally:
        _rewind(f)


def pixel_limit_message(header: ImageHeader, *, label: str) -> str:
    limit = _limits()["IMAGE_MAX_PIXELS"]
    return (f"{label} is {header.width} × {header.height} = {header.pixels:,} pixels; "
            f"images may be at most {limit:,} pixels ({limit / 1_000_000:g} megapixels). "
            "Make it smaller and try again.")


def check_image(f, *, label: str, unreadable: str, damaged: str | None = None) -> ImageHeader:
    """The header of an image we accept: one of the inline formats, within the pixel limit (checked
    before any pixel is decoded), whose data Pillow verifies. Raises ValidationError with `unreadable`
    (not such an image), `damaged` (its data does not verify; `unreadable` if not given) or the size
    message, naming the image by `label` ("“chart.png”", "This picture")."""
    header = image_header(f)
    if header is None:
        raise ValidationError(unreadable)
    if header.pixels > _limits()["IMAGE_MAX_PIXELS"]:
        raise ValidationError(pixel_limit_message(header, label=label))
    try:
        with Image.open(f, formats=[header.format]) as im:
            im.verify()  # PNG: every chunk is there and its checksum matches
        if header.format == "JPEG":
            # A JPEG's verify checks nothing; decoding it at an eighth of its size is cheap and finds a
            # file that was cut off (a half-finished upload from a phone).
            _rewind(f)
            with Image.open(f, formats=["JPEG"]) as im:
                im.draft("RGB", (max(1, header.width // 8), max(1, header.height // 8)))
                im.load()
    except Image.DecompressionBombError:
        # only if IMAGE_MAX_PIXELS is set above Pillow's own limit; the same clear message
        raise ValidationError(pixel_limit_message(header, label=label)) from None
    except _UNREADABLE:
        raise ValidationError(damaged or unreadable) from None
    finally:
        _rewind(f)
    return header


def avatar_image(f, *, stem: str) -> ContentFile:
    """The picture to store for an uploaded avatar, or ValidationError saying what is wrong with it."""
    label = "This picture"
    damaged = ("This picture is damaged or incomplete, so it cannot be read. "
               "Open it and save it again, or choose another one.")
    header = check_image(f, label=label, damaged=damaged,
                         unreadable="This picture is not a PNG, JPEG, GIF or WebP image; choose one of those.")
    side = _limits()["AVATAR_MAX_SIDE"]
    try:
        with Image.open(f, formats=[header.format]) as im:
            im.draft("RGB", (side, side))  # a JPEG is decoded straight at a fraction of its size
            icc_profile = im.info.get("icc_profile")
            upright = ImageOps.exif_transpose(im)  # decodes the (first frame of the) image
            upright.thumbnail((side, side), Image.Resampling.LANCZOS)
            transparent = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
            if transparent or header.format in ("PNG", "GIF"):
                picture, fmt, ext = upright.convert("RGBA" if transparent else "RGB"), "PNG", "png"
            else:
                picture, fmt, ext = upright.convert("RGB"), "JPEG", "jpg"
            out = io.BytesIO()
            # Saved afresh with no exif= and no text chunks: the camera's metadata stays behind.
            picture.save(out, fmt, optimize=True, **({"quality": 85} if fmt == "JPEG" else {}),
                         **({"icc_profile": icc_profile} if icc_profile else {}))
    except Image.DecompressionBombError:
        raise ValidationError(pixel_limit_message(header, label=label)) from None
    except _UNREADABLE:
        raise ValidationError(damaged) from None
    finally:
        _rewind(f)
    return ContentFile(out.getvalue(), name=f"{stem}.{ext}")


def _is_text(head: bytes, *, complete: bool) -> bool:
    """UTF-8 without NUL or control characters (tabs, line and page breaks allowed)."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # the sample may end inside a character; anything else is not UTF-8
        if complete or exc.start < len(head) - 3:
            return False
        text = head[:exc.start].decode("utf-8")
    return not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text)


def file_type(f) -> str:
    """The MIME type of a file that is not an image, from its first bytes; `f` is left at its start."""
    _rewind(f)
    head = f.read(SNIFF_BYTES + 1)
    _rewind(f)
    kind = filetype.match(head[:SNIFF_BYTES], matchers=_DOCUMENTS)
    if kind is not None:
        return kind.mime
    if _is_text(head[:SNIFF_BYTES], complete=len(head) <= SNIFF_BYTES):
        return TEXT
    return UNKNOWN


def stored_type(f) -> tuple[str, bool]:
    """(MIME type, shown inline?) of a file, from its bytes."""
    header = image_header(f)
    if header is not None:
        return header.mime, True
    return file_type(f), False


def file_response(file, *, filename: str | None = None) -> FileResponse:
    """A stored file (a FieldFile) served with the type its bytes have: inline only for PNG, JPEG, GIF
    and WebP, a download for everything else."""
    handle = file.open("rb")
    content_type, inline = stored_type(handle)
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename or "")
    response["Content-Security-Policy"] = FILE_CSP
    return response
