"""What every operation of the API shares: the documented error statuses, the list parameters, the caller.

api.py and the routers of the practices (api/routers/) import these, so each router module stands on its own."""

from ninja import Path, Query

from townsquare.api import guard
from townsquare.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from townsquare.api.schemas import MAX_ID, Error
from townsquare.people.models import Person

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error, 500: Error}
POST_ERRORS = {**ERRORS, 409: Error, 413: Error}  # 409: the same Idempotency-Key is still being handled
Cursor = Query(None, description="From the previous page's next_cursor; leave out for the first page.",
               max_length=500)
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, 1–{MAX_LIMIT}.")
PostId = Path(..., ge=1, le=MAX_ID)


def caller(request) -> Person:
    """The person calling (TokenAuth or BrowserSession has already decided)."""
    return request.auth


def error(status, message, *, code=None, fields=None):
    return guard.error(status, message, code=code, fields=fields)
