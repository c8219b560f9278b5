from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1 (C9): personal access tokens, OpenAPI document, cursor pagination, rate limits, idempotency keys."""

    name = "townsquare.api"
    label = "api"
