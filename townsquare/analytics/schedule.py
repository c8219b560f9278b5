"""When the background work of analytics runs (tasks.py schedules it from these), and how pages say so."""

REFRESH_MINUTES = 5     # graph metrics and the organisation, index and iceberg reports
THEMES_AT_MINUTE = 7    # recurring themes: once an hour, at this many minutes past

REPORTS_SCHEDULE = f"every {REFRESH_MINUTES} minutes"
THEMES_SCHEDULE = f"every hour, at {THEMES_AT_MINUTE} minutes past"
