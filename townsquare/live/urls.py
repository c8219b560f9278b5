"""Routes of townsquare.live, included from townsquare/urls.py."""

from django.urls import path

from townsquare.live import views

urlpatterns = [
    path("live/events/", views.events, name="live_events"),
    path("live/healthz", views.health, name="live_health"),
]
