from townsquare.conversations.selectors import unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never show the badge (e.g. errors) never run the query.
    return {"unread_notifications": lambda: unread_count(user)}
