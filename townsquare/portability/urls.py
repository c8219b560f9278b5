"""Routes of townsquare.portability, included from townsquare/urls.py."""

urlpatterns: list = []
