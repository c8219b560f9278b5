from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Single sign-on with OpenID Connect (C10, identity): the provider's settings from the environment, the sign-in flow, people created or linked from claims."""

    name = "townsquare.sso"
    label = "sso"
