"""Routes of townsquare.circles, included from townsquare/urls.py."""

urlpatterns: list = []
