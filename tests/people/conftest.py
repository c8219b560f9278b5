"""Real parts for the onboarding tests: the coach's SMTP server (aiosmtpd on a free loopback port, Django's SMTP
backend pointed at it), and the outbox drained as the worker would drain it."""

import pytest

from tests.coach.conftest import Inbox, smtp_server  # noqa: F401  (the same real SMTP server)

__all__ = ["Inbox", "smtp_server", "worker"]


@pytest.fixture
def worker():
    """worker() delivers every due outbox item, as the worker's drain loop does after a commit."""
    from townsquare.core import outbox

    return outbox.drain_all
