"""Routes of townsquare.api, included from townsquare/urls.py."""

urlpatterns: list = []
