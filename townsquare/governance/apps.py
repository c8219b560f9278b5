"""Governance (C10): the admin console, the append-only audit log and moderation of posts and replies."""
from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Governance (C10): the admin console, the append-only audit log and moderation of posts and replies."""

    name = "townsquare.governance"
    label = "governance"

    def ready(self) -> None:
        from townsquare.conversations import extensions

        # Report and moderate links on a post's page and under each reply; the queue's link on the Groups page.
        extensions.register_slot("post_detail_top", "governance/_post_moderation.html")
        extensions.register_slot("reply_after", "governance/_reply_moderation.html")
        extensions.register_slot("group_list_links", "governance/_group_list_links.html")
