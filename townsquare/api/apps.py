from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1 (C9): personal access tokens, OpenAPI document, cursor pagination, rate limits, idempotency keys."""

    name = "townsquare.api"
    label = "api"

    def ready(self):
        from townsquare.api import services
        from townsquare.people.signals import person_deactivated

        person_deactivated.connect(services.on_person_deactivated, dispatch_uid="api.tokens_revoke_all")
