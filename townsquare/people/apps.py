from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "townsquare.people"
    label = "people"

    def ready(self) -> None:
        from townsquare.people import onboarding

        onboarding.connect()
