"""Building blocks of the permission matrix (tests/test_permissions.py), shared with the
package matrices in tests/matrix_*.py.

A package matrix module defines
    SECTIONS: dict[str, list[Row]]     its rows, in named sections (section names unique overall)
    build(c) -> None                   optional: adds the objects its rows point at to `c`, the
                                       namespace of test_permissions.objects (c.world = conftest people)
"""

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

PEOPLE = ["anon", "alice", "otto", "gina", "olga", "dave"]


def signed_in(code: int, **overrides: int) -> dict[str, int]:
    """Signed-in people get `code`; anonymous and deactivated people are sent to sign in (302)."""
    return {"anon": 302, "alice": code, "otto": code, "gina": code, "olga": code, "dave": 302, **overrides}


def everyone(code: int, **overrides: int) -> dict[str, int]:
    return {**{p: code for p in PEOPLE}, **overrides}


@dataclass(frozen=True)
class Row:
    id: str
    route: str
    method: str
    expect: dict[str, int]
    kwargs: Callable = lambda c: {}
    data: Callable = lambda c: {}
    # Where anonymous/deactivated 302s must lead: to sign in (with ?next=) unless the route is public.
    to_login: bool = True
    query: dict | Callable = field(default_factory=dict)  # or a function of the objects, for ids


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


