"""Routes of townsquare.analytics, included from townsquare/urls.py."""

urlpatterns: list = []
