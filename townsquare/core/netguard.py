"""Outgoing requests to addresses people give us (Web Push endpoints, webhook targets) must not reach
inside the network: a server-side request forgery guard.

An address is allowed when its host is on the setting's allow-list (an admin's explicit choice, e.g. an
internal chat server, or 127.0.0.1 in tests), or when it is https and every address its host resolves to
is a public one — not loopback, private, link-local (cloud metadata lives at 169.254.169.254), multicast,
reserved or unspecified. It is checked when the address is stored and again before each send (DNS can
change); redirects are never followed, so a public address cannot bounce the request inward.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


def _allowed_hosts(setting: str) -> set[str]:
    return {h.strip().lower() for h in getattr(settings, setting, []) if h.strip()}


def check_outgoing_url(url: str, *, allow_list_setting: str, what: str) -> str:
    """`url` if a request may go there, else a ValidationError that says why."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise ValidationError(f"The {what} has no host name.")
    if host in _allowed_hosts(allow_list_setting):
        return url
    if parts.scheme != "https":
        raise ValidationError(f"The {what} must start with https://.")
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        # Not found now: nothing can be reached there, and the check runs again before each send.
        return url
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise ValidationError(
                f"The {what} points inside the network ({address}), which Townsquare does not send to. "
                f"An admin can allow the host with {allow_list_setting}.")
    return url
