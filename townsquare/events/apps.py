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

        from townsquare.conversations import extensions

        def attach_event(*, person, post, values):
            from townsquare.events import services

            services.event_from_composer(person=person, post=post, values=values)

        extensions.register_composer_extra(extensions.ComposerExtra(
            name="events", fields=("event_starts_at", "event_ends_at", "event_place", "event_capacity"),
            apply=attach_event, kind="event", template="events/_composer_event.html",
            missing="An event needs a start time and a place: fill in Starts and Place."))

        def load_event_cards(posts, person):
            from townsquare.events import selectors

            selectors.event_cards_load(posts, person)

        extensions.register_card_renderer(extensions.CardRenderer(kind="event", template="events/_card.html",
                                                                  load=load_event_cards))
        register_card(40, events_card)
        register_card(50, causes_card)
