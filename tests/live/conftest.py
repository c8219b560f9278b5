import pytest

from townsquare.live import broker, views


@pytest.fixture(autouse=True)
def _fresh_broker(monkeypatch):
    """Each test gets its own in-process broker, and stream reads close their database connection
    (so none outlives the test database)."""
    monkeypatch.setattr(views, "CLOSE_DB_AFTER_EACH_READ", True)
    broker.set_broker(broker.InProcessBroker())
    yield
    broker.set_broker(None)


class Recorder:
    """A broker that keeps what is published, for tests of who publishes what and when."""

    name = "recorder"

    def __init__(self):
        self.events: list[dict] = []

    def publish(self, event):
        self.events.append(event)

    def of(self, kind):
        return [e for e in self.events if e["type"] == kind]


@pytest.fixture
def recorder():
    rec = Recorder()
    broker.set_broker(rec)
    return rec
