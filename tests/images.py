"""Real image files for upload tests, made with Pillow (or by hand where Pillow would need the memory)."""

import io
import struct
import zlib

from PIL import Image

SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
       b'<script>alert(1)</script></svg>\n')
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def one_colour_png(width: int, height: int) -> bytes:
    """A complete, valid one-colour (black, 1 bit a pixel) PNG of any size: 13000 × 13000 is about 20 KB,
    as in issue 13 #14. Written row by row, so making it takes no more memory than the file."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", data) + _chunk(b"IEND", b""))


def picture(width: int, height: int, fmt: str = "PNG", *, mode: str = "RGB", exif: Image.Exif | None = None) -> bytes:
    """A picture with some detail (a gradient), so that encoders have something to keep; in mode RGBA it
    fades from opaque to transparent."""
    gradient = Image.linear_gradient("L").resize((width, height))
    im = gradient.convert(mode)
    if "A" in mode:
        im.putalpha(gradient.rotate(90))
    out = io.BytesIO()
    im.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def gps_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF with a camera make, a GPS position and, if given, an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo: London
    return exif


def opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im
