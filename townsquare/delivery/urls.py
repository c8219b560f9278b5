"""Routes of townsquare.delivery, included from townsquare/urls.py."""

urlpatterns: list = []
