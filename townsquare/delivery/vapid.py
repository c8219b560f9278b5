"""The VAPID key pair that signs our Web Push requests (RFC 8292).

Where it comes from, first match wins:
1. TOWNSQUARE_VAPID_PRIVATE_KEY (a PEM text, or the base64url raw 32-byte key or DER, as py_vapid prints
   them), with TOWNSQUARE_VAPID_PUBLIC_KEY optional: when set it must match the private key;
2. `DATA_DIR/vapid_private.pem`, generated once by py_vapid on first use (mode 0600).

Keep the key: browsers subscribed with its public half, and a new key means every device must turn
notifications on again. TOWNSQUARE_VAPID_SUBJECT (default: mailto: + DEFAULT_FROM_EMAIL's address) tells
push services whom to contact.
"""

import base64
import os
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid

KEY_FILE_NAME = "vapid_private.pem"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _from_env(private: str) -> Vapid:
    private = private.strip()
    try:
        if private.startswith("-----BEGIN"):
            return Vapid.from_pem(private.encode())
        return Vapid.from_string(private)
    except Exception as exc:
        raise ImproperlyConfigured(
            "TOWNSQUARE_VAPID_PRIVATE_KEY is not a private key we can read (PEM, or base64url raw/DER).") from exc


def _from_file(path: Path) -> Vapid:
    if not path.exists():
        key = Vapid()
        key.generate_keys()
        try:  # O_EXCL: when two processes start at once, one writes and both read the same key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(key.private_pem())
    return Vapid.from_pem(path.read_bytes())


@lru_cache(maxsize=4)
def _load(private_env: str, public_env: str, data_dir: str) -> Vapid:
    key = _from_env(private_env) if private_env else _from_file(Path(data_dir) / KEY_FILE_NAME)
    if public_env and public_env.strip().rstrip("=") != public_key_of(key):
        raise ImproperlyConfigured("TOWNSQUARE_VAPID_PUBLIC_KEY does not belong to TOWNSQUARE_VAPID_PRIVATE_KEY.")
    return key


def key() -> Vapid:
    return _load(os.environ.get("TOWNSQUARE_VAPID_PRIVATE_KEY", ""), os.environ.get("TOWNSQUARE_VAPID_PUBLIC_KEY", ""),
                 str(settings.DATA_DIR))


def public_key_of(vapid: Vapid) -> str:
    return _b64url(vapid.public_key.public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint))


def public_key() -> str:
    """The applicationServerKey a browser subscribes with (base64url, uncompressed P-256 point)."""
    return public_key_of(key())


def subject() -> str:
    if os.environ.get("TOWNSQUARE_VAPID_SUBJECT"):
        return os.environ["TOWNSQUARE_VAPID_SUBJECT"]
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "townsquare@localhost"
    return f"mailto:{address}"
