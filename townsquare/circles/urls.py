"""Routes of townsquare.circles, included from townsquare/urls.py. A circle's page and everything in it are
for its members only (access.access_circle); the guides and the finder are for everyone signed in."""

from django.urls import path

from townsquare.circles import views

urlpatterns = [
    path("circles/", views.circle_list, name="circle_list"),
    path("circles/new/", views.circle_create, name="circle_create"),
    path("circles/find/", views.circle_find, name="circle_find"),
    path("circles/guide/", views.guide_overview, name="circle_guide"),
    path("circles/guide/week-<int:week>/", views.guide_week, name="circle_guide_week"),
    path("circles/<int:circle_id>/", views.circle_detail, name="circle_detail"),
    path("circles/<int:circle_id>/join/", views.circle_join, name="circle_join"),
    path("circles/<int:circle_id>/leave/", views.circle_leave, name="circle_leave"),
    path("circles/<int:circle_id>/goal/", views.goal_update, name="circle_goal"),
    path("circles/<int:circle_id>/check-in/", views.check_in, name="circle_check_in"),
    path("circles/<int:circle_id>/notes/", views.note_add, name="circle_note_add"),
    path("circles/<int:circle_id>/complete/", views.circle_complete, name="circle_complete"),
]
