from django.apps import AppConfig


class ConnectConfig(AppConfig):
    """Coffee roulette and mentoring (C7): opt-in pairing rounds that prefer new and cross-department pairs, and mentoring offers and requests matched by topic."""

    name = "townsquare.connect"
    label = "connect"

    def ready(self) -> None:
        from townsquare.connect.models import CoffeeProfile
        from townsquare.practices.selectors import PracticeCard, register_card

        def coffee_card(person):
            joined = CoffeeProfile.objects.filter(person=person, active=True).exists()
            return PracticeCard("coffee", "Coffee roulette", "Meet someone you do not know yet, every week or every "
                                "other week.", "coffee_home", "You are in" if joined else "Join the next round")

        def mentoring_card(person):
            return PracticeCard("mentoring", "Mentoring", "Offer what you know, or ask for help with what you want "
                                "to learn.", "mentoring_home", "Offer or ask")

        register_card(60, coffee_card)
        register_card(70, mentoring_card)
