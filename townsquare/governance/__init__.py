"""Governance (C10): the admin console, the append-only audit log and moderation of posts and replies."""
