from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events and talks (C7): event posts with RSVP, capacity, reminders, iCalendar files and feeds, ask-me-anything sessions, and cause groups with sign-ups."""

    name = "townsquare.events"
    label = "events"

    def ready(self) -> None:
        from django.utils import timezone

        from townsquare.events.access import events_visible_to, opportunities_visible_to
        from townsquare.practices.selectors import PracticeCard, register_card

        def events_card(person):
            coming = events_visible_to(person).filter(starts_at__gte=timezone.now(), cancelled_at__isnull=True)
            return PracticeCard("events", "Events and talks", "Talks, meet-ups and ask-me-anything sessions, with "
                                "RSVP and a calendar feed.", "event_list", "See what is on", coming.count(), "coming up")

        def causes_card(person):
            ahead = opportunities_visible_to(person).filter(starts_at__gte=timezone.now())
            return PracticeCard("causes", "Causes", "Volunteering and causes people here care about, with ways to "
                                "help.", "cause_list", "Find a way to help", ahead.count(), "opportunities ahead")

        register_card(40, events_card)
        register_card(50, causes_card)
