import pytest
from huey.contrib.djhuey import HUEY


@pytest.fixture
def huey_immediate():
    """Run Huey tasks inline (in memory), as a worker would right after the commit."""
    before = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = before


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(fn, *args, **kw): run a service and then its after-commit callbacks (signals → tasks)."""
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)
    return run
