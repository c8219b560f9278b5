"""Operations' periodic work (Huey; registered in every process, tests/test_schedule.py):

* `operations_retention` — daily at 03:17 UTC: the retention rule (retention.apply).
* `operations_backup` — hourly: a scheduled backup when BACKUP_EVERY_HOURS have passed since the last one
  (0, the default, turns them off), keeping the newest BACKUP_KEEP. A Huey lock keeps two workers from
  making one at the same time.
"""

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from townsquare.operations import services

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="17"), name="operations_retention")
@HUEY.lock_task("operations-retention")
def operations_retention() -> None:
    counts = services.retention_apply()
    log.info("retention: %s", counts)


@db_periodic_task(crontab(minute="41"), name="operations_backup")
@HUEY.lock_task("operations-backup")
def operations_backup() -> None:
    made = services.backup_scheduled()
    if made:
        log.info("scheduled backup made in %s", made)
