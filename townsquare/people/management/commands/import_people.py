from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townsquare.people.services import IMPORT_COLUMNS, import_people


class Command(BaseCommand):
    help = f"Import people and their managers from a CSV file with columns: {', '.join(IMPORT_COLUMNS)}."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text; save the CSV as UTF-8 and try again") from None
        report = import_people(data)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} problem(s); nothing was imported. Fix the rows above and run again.")
        self.stdout.write(self.style.SUCCESS(f"Imported: {report.created} created, {report.updated} updated."))
