from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "townsquare.people"
    label = "people"
