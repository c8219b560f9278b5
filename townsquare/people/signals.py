"""Signals of people, for the packages above that hold something of a person's (people knows none of them).

    person_deactivated(sender=Person, person=person)

Sent inside the transaction that deactivates a person (people.services.person_activation_set: an org admin's
button, SCIM's DELETE or active=false), after the person's sessions are deleted. Receivers end what they hold
of that person at once, in the same transaction, so a rolled-back deactivation ends nothing: api revokes the
person's tokens, live records the event that closes their open streams. Receivers are connected in their
AppConfig.ready().
"""

from django.dispatch import Signal

person_deactivated = Signal()
