"""Routes of townsquare.influence, included from townsquare/urls.py. The writing coach answers the signed-in person
about the text they send; no route takes a person. Feedback requests are read through influence/access.py: asking
is for the post's author, answering for its readers (invited ones, for chosen people), results for the author. Experiments and their results
are their author's alone; /x/<token>/ is a variant's counted link, for the people who can read the variant."""

from django.urls import path

from townsquare.influence import views

urlpatterns = [
    path("influence/hints/", views.writing_hints, name="writing_hints"),
    path("posts/<int:post_id>/feedback/ask/", views.feedback_request_create, name="feedback_request_create"),
    path("feedback/<int:request_id>/", views.feedback_answer, name="feedback_answer"),
    path("feedback/<int:request_id>/results/", views.feedback_results, name="feedback_results"),
    path("feedback/<int:request_id>/close/", views.feedback_request_close, name="feedback_request_close"),
    path("influence/experiments/", views.experiment_list, name="experiment_list"),
    path("influence/experiments/new/", views.experiment_create, name="experiment_create"),
    path("influence/experiments/<int:experiment_id>/", views.experiment_detail, name="experiment_detail"),
    path("influence/experiments/<int:experiment_id>/end/", views.experiment_end, name="experiment_end"),
    path("x/<str:token>/", views.link_redirect, name="link_redirect"),
]
