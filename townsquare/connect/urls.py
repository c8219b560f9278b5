"""Routes of townsquare.connect, included from townsquare/urls.py."""

urlpatterns: list = []
