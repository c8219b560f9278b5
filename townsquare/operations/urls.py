"""Routes of townsquare.operations, included from townsquare/urls.py: one page for organisation admins."""

from django.urls import path

from townsquare.operations import views

urlpatterns = [
    path("admin/operations/", views.operations_admin, name="operations_admin"),
]
