"""Routes of townsquare.influence, included from townsquare/urls.py. The writing coach answers the signed-in person
about the text they send; no route takes a person. Feedback requests are read through influence/access.py: asking
is for the post's author, answering for its readers (invited ones, for chosen people), results for the author."""

from django.urls import path

from townsquare.influence import views

urlpatterns = [
    path("influence/hints/", views.writing_hints, name="writing_hints"),
    path("posts/<int:post_id>/feedback/ask/", views.feedback_request_create, name="feedback_request_create"),
    path("feedback/<int:request_id>/", views.feedback_answer, name="feedback_answer"),
    path("feedback/<int:request_id>/results/", views.feedback_results, name="feedback_results"),
    path("feedback/<int:request_id>/close/", views.feedback_request_close, name="feedback_request_close"),
]
