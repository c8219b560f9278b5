"""Routes of townsquare.connect, included from townsquare/urls.py. Every page is the signed-in person's
own: their coffee settings and matches, their mentoring offers, requests and mentorships."""

from django.urls import path

from townsquare.connect import views

urlpatterns = [
    path("coffee/", views.coffee_home, name="coffee_home"),
    path("coffee/settings/", views.coffee_settings, name="coffee_settings"),
    path("coffee/matches/<int:match_id>/met/", views.coffee_met, name="coffee_met"),
    path("mentoring/", views.mentoring_home, name="mentoring_home"),
    path("mentoring/offers/", views.offer_create, name="mentoring_offer_create"),
    path("mentoring/offers/<int:offer_id>/state/", views.offer_state, name="mentoring_offer_state"),
    path("mentoring/requests/", views.request_create, name="mentoring_request_create"),
    path("mentoring/requests/<int:request_id>/", views.request_detail, name="mentoring_request"),
    path("mentoring/requests/<int:request_id>/state/", views.request_state, name="mentoring_request_state"),
    path("mentoring/requests/<int:request_id>/ask/<int:offer_id>/", views.mentorship_ask, name="mentoring_ask"),
    path("mentoring/mentorships/<int:mentorship_id>/decide/", views.mentorship_decide, name="mentoring_decide"),
]
