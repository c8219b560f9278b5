"""Routes of townsquare.live, included from townsquare/urls.py."""

urlpatterns: list = []
