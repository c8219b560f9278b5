from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events and talks (C7): event posts with RSVP, capacity, reminders, iCalendar files and feeds, ask-me-anything sessions, and cause groups with sign-ups."""

    name = "townsquare.events"
    label = "events"
