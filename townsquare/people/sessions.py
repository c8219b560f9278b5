"""A person's Django sessions, for deactivation: every browser they are signed in on is signed out at once."""

from importlib import import_module

from django.conf import settings
from django.utils import timezone


def sessions_end(person) -> int:
    """Delete every unexpired session of `person`; returns how many.

    Sessions are not indexed by person, so this reads the unexpired ones and decodes each (a deactivation is
    rare; an organisation of 10,000 has some tens of thousands of sessions). With a session engine that keeps
    no table (cache, signed cookies) nothing can be listed: Django's auth then refuses an inactive person's
    session on its next request, which is the same end a moment later.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    mine, codec = str(person.pk), store()
    keys = [key for key, data in model.objects.filter(expire_date__gt=timezone.now())
            .values_list("session_key", "session_data").iterator()
            if str(codec.decode(data).get("_auth_user_id", "")) == mine]
    for key in keys:
        store(session_key=key).delete()  # the table row, and the cache's copy with cached_db
    return len(keys)
