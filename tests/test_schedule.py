"""Every task and periodic job is registered in every process, whichever consumer starts it: the demo's
in-process worker runs the same schedule as `townsquare run_huey` (which also autodiscovers tasks.py)."""

import json
import subprocess
import sys

LIST = """
import json, django
django.setup()
from huey.contrib.djhuey import HUEY
def names():
    return sorted(HUEY._registry._registry), sorted(t.name for t in HUEY._registry.periodic_tasks)
before = names()  # what a web process or the demo's in-process consumer has after start-up
from django.utils.module_loading import autodiscover_modules
autodiscover_modules("tasks")  # what run_huey does before it consumes
print(json.dumps({"startup": before, "run_huey": names()}))
"""


def test_the_demo_and_run_huey_register_the_same_tasks_and_schedule(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "townsquare.settings", "TOWNSQUARE_DATA_DIR": str(tmp_path),
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", LIST], capture_output=True, text=True, env=env, timeout=120, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["startup"] == seen["run_huey"]
    tasks, periodic = seen["startup"]
    for name in ("coach_tick", "delivery_tick", "event_reminders", "coffee_round", "circles_complete",
                 "api_idempotency_purge", "ask_reminders", "outbox_sweep", "outbox_purge", "analytics_refresh",
                 "operations_retention", "operations_backup", "exports_purge"):
        assert name in periodic, name
    assert len(tasks) >= len(periodic)
