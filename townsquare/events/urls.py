"""Routes of townsquare.events, included from townsquare/urls.py.

Every page needs a session except the calendar feed, whose secret token is the key (calendar apps
subscribe without signing in)."""

from django.urls import path

from townsquare.events import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:event_id>/rsvp/", views.event_rsvp, name="event_rsvp"),
    path("events/<int:event_id>/ask/", views.event_ask, name="event_ask"),
    path("events/<int:event_id>/event.ics", views.event_ics, name="event_ics"),
    path("events/calendar/", views.calendar_settings, name="calendar_settings"),
    path("events/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("events/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("groups/<slug:slug>/events/", views.group_events, name="group_events"),
    path("causes/", views.cause_list, name="cause_list"),
    path("causes/<slug:slug>/", views.cause_detail, name="cause_detail"),
    path("causes/<slug:slug>/opportunities/new/", views.opportunity_create, name="opportunity_create"),
    path("opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity_detail"),
    path("opportunities/<int:opportunity_id>/signup/", views.opportunity_signup, name="opportunity_signup"),
]
