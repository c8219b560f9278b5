from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from townsquare.people.services import IMPORT_COLUMNS, import_people


class Command(BaseCommand):
    help = f"Import people and their managers from a CSV file with columns: {', '.join(IMPORT_COLUMNS)}."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-welcome", action="store_true",
                            help="Do not email the people it creates a welcome with a link to choose a password "
                                 "(send it later from /people/onboarding/).")

    def handle(self, *args, file: Path, no_welcome: bool = False, **options):
        try:
            data = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text; save the CSV as UTF-8 and try again") from None
        report = import_people(data, welcome=not no_welcome)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} problem(s); nothing was imported. Fix the rows above and run again.")
        self.stdout.write(self.style.SUCCESS(f"Imported: {report.created} created, {report.updated} updated."))
        if report.created:
            self.stdout.write("No welcome emails were sent; send them from /people/onboarding/." if no_welcome else
                              f"{report.created} welcome email(s) with a link to choose a password are on their way.")
