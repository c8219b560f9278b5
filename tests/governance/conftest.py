"""The API's checked client (tests/api/conftest.py) for the API's side of moderation."""

from tests.api.conftest import api_as  # noqa: F401
