from django.apps import AppConfig


class ConnectConfig(AppConfig):
    """Coffee roulette and mentoring (C7): opt-in pairing rounds that prefer new and cross-department pairs, and mentoring offers and requests matched by topic."""

    name = "townsquare.connect"
    label = "connect"
