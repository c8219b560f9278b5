"""Routes of townsquare.influence, included from townsquare/urls.py. The writing coach answers the signed-in person
about the text they send; no route takes a person."""

from django.urls import path

from townsquare.influence import views

urlpatterns = [
    path("influence/hints/", views.writing_hints, name="writing_hints"),
]
