from django.core.management.base import BaseCommand

from townsquare.events import services


class Command(BaseCommand):
    help = "Remind people of the events they answered going or maybe to (a day and an hour before). Safe to repeat."

    def handle(self, *args, **options):
        run = services.reminders_send()
        self.stdout.write(f"{run.created} reminders sent, {run.already} already sent.")
