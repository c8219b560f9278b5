"""Routes of townsquare.sso, included from townsquare/urls.py (rows in tests/matrix_sso.py)."""

from django.urls import path

from townsquare.sso import views

urlpatterns = [
    path("sso/login/", views.sso_login, name="sso_login"),
    path("sso/callback/", views.sso_callback, name="sso_callback"),
    path("sso/break-glass/<str:token>/", views.break_glass, name="sso_break_glass"),
    path("admin/sso/", views.sso_admin, name="sso_admin"),
]
