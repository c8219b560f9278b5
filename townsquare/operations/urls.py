"""Routes of townsquare.operations, included from townsquare/urls.py."""

urlpatterns: list = []
