"""Routes of townsquare.analytics, included from townsquare/urls.py."""

from django.urls import path

from townsquare.analytics import views

urlpatterns = [
    path("analytics/", views.personal, name="analytics_personal"),
    path("analytics/preference/", views.preference, name="analytics_preference"),
    path("analytics/posts/<int:post_id>/", views.post, name="analytics_post"),
    path("analytics/groups/<slug:slug>/", views.group, name="analytics_group"),
    path("analytics/org/", views.org, name="analytics_org"),
    path("analytics/org/index/", views.index, name="analytics_index"),
    path("analytics/org/index/<slug:key>/", views.index_dimension, name="analytics_index_dimension"),
    path("analytics/org/iceberg/", views.iceberg, name="analytics_iceberg"),
    path("analytics/org/themes/", views.themes, name="analytics_themes"),
    path("analytics/org/analysts/", views.analysts, name="analytics_analysts"),
]
