"""Where a form may send its person next: only a path on this site, never another host."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "/") -> str:
    """The `next` field of a POST (or GET) when it is a URL on this site, else `default`. Refuses
    `//evil.example/`, `https://evil.example/`, `/\\evil.example` and `javascript:` alike (Django's rule)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default
