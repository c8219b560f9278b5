"""Routes of townsquare.governance, included from townsquare/urls.py."""

urlpatterns: list = []
