"""Routes of townsquare.events, included from townsquare/urls.py."""

urlpatterns: list = []
