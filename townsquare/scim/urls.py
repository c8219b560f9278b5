"""Routes of townsquare.scim, included from townsquare/urls.py."""

urlpatterns: list = []
