"""Operations (C10): consistent backups while the server runs, restore into an empty data directory, retention of old data."""
