"""Routes of townsquare.delivery, included from townsquare/urls.py.

Preferences and devices are the signed-in person's own (no route takes a person); the unsubscribe link
works without signing in (its token is signed); webhooks are for organisation admins (404 for others)."""

from django.urls import path

from townsquare.delivery import views

urlpatterns = [
    path("notifications/settings/", views.preferences, name="delivery_preferences"),
    path("notifications/push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("notifications/push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("notifications/push/test/", views.push_test, name="push_test"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="email_unsubscribe"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:webhook_id>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:webhook_id>/test/", views.webhook_test, name="webhook_test"),
    path("webhooks/<int:webhook_id>/toggle/", views.webhook_toggle, name="webhook_toggle"),
    path("webhooks/<int:webhook_id>/secret/", views.webhook_secret, name="webhook_secret"),
    path("webhooks/<int:webhook_id>/delete/", views.webhook_delete, name="webhook_delete"),
]
