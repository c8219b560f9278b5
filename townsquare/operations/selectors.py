"""Reads for the operations page: the retention rule with its kinds, and the backups with their checks."""

from django.conf import settings

from townsquare.operations import backup, retention


def retention_rows(values: dict | None = None) -> list[dict]:
    """One row per kind of data: its label, help, minimum and the value shown (the saved one, or what was typed)."""
    rule = retention.policy()
    saved = retention.values_of(rule)
    values = values or {}
    return [{"field": k.field, "label": k.label, "help": k.help, "minimum": k.minimum,
             "value": values.get(k.field, saved[k.field])} for k in retention.KINDS]


def operations_page() -> dict:
    rule = retention.policy()
    return {
        "rule": rule, "backups": backup.backup_list(), "backups_root": backup.backups_root(),
        "every_hours": settings.BACKUP_EVERY_HOURS, "keep": settings.BACKUP_KEEP, "database": backup.database_kind(),
        "last_counts": [(k.label, rule.last_run_counts.get(retention.KEY[k.field], 0)) for k in retention.KINDS],
    }
