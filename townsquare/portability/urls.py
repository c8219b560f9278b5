"""Routes of townsquare.portability, included from townsquare/urls.py. A person's export is theirs alone (no route
takes a person); the organisation's export is for org admins; a download is for the job's owner (access.py)."""

from django.urls import path

from townsquare.portability import views

urlpatterns = [
    path("me/export/", views.my_export, name="my_export"),
    path("me/export/status/", views.my_export_status, name="my_export_status"),
    path("admin/export/", views.org_export, name="org_export"),
    path("admin/export/status/", views.org_export_status, name="org_export_status"),
    path("exports/<int:job_id>/download/", views.export_download, name="export_download"),
]
