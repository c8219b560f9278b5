"""Export and import (C10): a person's or the organisation's data as a zip of JSON and files, export-org and import-org."""
