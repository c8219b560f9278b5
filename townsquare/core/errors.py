"""One error shape for the API, also where Django answers before the API's own code runs.

`{"error": {"code", "message", "fields"}}` is what every /api/ answer looks like when something is wrong
(docs/API.md). The API's guard builds it with `json_error`; the site's error handlers (core.views) use
`is_api` to answer a request under /api/ with it too: an address that is no route at all (`/api/v2/…`, a
`%0A` in the path), a refused CSRF check, a crash before the API's handlers.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse

API_PREFIX = "/api/"
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid", 429: "rate_limited",
               500: "server_error", 503: "busy"}
MESSAGES = {
    400: "The request could not be read.",
    401: "Sign in, or send a personal access token as “Authorization: Bearer <token>” (make one on /me/tokens/).",
    403: "You may not do that.",
    404: "We could not find that, or you may not see it.",
    405: "This address does not take that method.",
    500: "Something went wrong on our side. It has been logged; please try again in a moment.",
}
NO_SUCH_ADDRESS = "There is no such address in the API. The operations are listed at /api/v1/docs."


class NoSuchReference(ValidationError):
    """A value that names nothing the person may see (a handle, a group's slug): on a page, a message beside
    the field; in the API, a 404 with that field, as for an address that names nothing."""

    def __init__(self, fields: dict[str, list[str]]):
        self.field = next(iter(fields))
        super().__init__(fields)


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error(status: int, message: str | None = None, *, code: str | None = None, fields: dict | None = None,
               headers: dict | None = None) -> JsonResponse:
    body = {"error": {"code": code or ERROR_CODES.get(status, "error"), "message": message or MESSAGES.get(status, ""),
                      "fields": fields or {}}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response
