"""Routes of townsquare.sso, included from townsquare/urls.py."""

urlpatterns: list = []
