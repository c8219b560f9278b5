"""Core background work: the outbox's drain loop and its periodic sweep and purge (townsquare/core/outbox.py).

Every consumer — `townsquare run_huey` and the one `townsquare demo` runs in-process — starts the drain
loop when its first worker starts (a Huey startup hook), so side effects recorded by any web process are
delivered within about half a second. `outbox_sweep` every minute is a second net: it delivers what is
due (retries, items whose worker died) even if a drain loop is not running.
"""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from townsquare.core import outbox
from townsquare.core.sqlite_backend import keep_connection_in_this_thread


@HUEY.on_startup("outbox-drainer")
def _start_outbox_drainer() -> None:
    outbox.start_drainer()


@HUEY.on_startup("keep-connection")
def _keep_connection() -> None:
    keep_connection_in_this_thread()  # each worker's own thread runs its startup hooks; it lives as long as the process


@HUEY.on_shutdown("outbox-drainer")
def _stop_outbox_drainer() -> None:
    outbox.stop_drainer()


@db_periodic_task(crontab(minute="*"), name="outbox_sweep")
def outbox_sweep() -> None:
    outbox.drain_all()


@db_periodic_task(crontab(minute="23"), name="outbox_purge")
def outbox_purge() -> None:
    outbox.purge_done()
