from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Governance (C10): the admin console, the append-only audit log and moderation of posts and replies."""

    name = "townsquare.governance"
    label = "governance"
