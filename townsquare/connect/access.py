"""Access functions for coffee roulette and mentoring. Every read of a match, request, offer or
mentorship by id goes through here; not found and not allowed are the same 404.

* A coffee match is for its two or three people only (org admins included: no extra access).
* A mentoring request is its author's; an offer is changed only by its author (reading offers is
  `selectors.offers_visible_to`: an offer is a public "I can help").
* A mentorship is decided by its mentor.
"""

from django.http import Http404

from townsquare.connect.models import CoffeeMatch, MentorOffer, MentorRequest, Mentorship


def _int(value, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None


def access_match(person, match_id) -> CoffeeMatch:
    if not person.is_authenticated:
        raise Http404("No such match")
    match = CoffeeMatch.objects.filter(pk=_int(match_id, "match"), members__person=person).select_related("round").first()
    if match is None:
        raise Http404("No such match")
    return match


def access_own_request(person, request_id) -> MentorRequest:
    if not person.is_authenticated:
        raise Http404("No such request")
    request = MentorRequest.objects.filter(pk=_int(request_id, "request"), person=person).select_related(
        "person", "person__department").first()
    if request is None:
        raise Http404("No such request")
    return request


def access_own_offer(person, offer_id) -> MentorOffer:
    if not person.is_authenticated:
        raise Http404("No such offer")
    offer = MentorOffer.objects.filter(pk=_int(offer_id, "offer"), person=person).first()
    if offer is None:
        raise Http404("No such offer")
    return offer


def access_open_offer(person, offer_id) -> MentorOffer:
    """An active offer of an active person, for asking them (not one's own)."""
    if not person.is_authenticated:
        raise Http404("No such offer")
    offer = (MentorOffer.objects.filter(pk=_int(offer_id, "offer"), active=True, person__is_active=True)
             .exclude(person=person).select_related("person").first())
    if offer is None:
        raise Http404("No such offer")
    return offer


def access_mentorship_as_mentor(person, mentorship_id) -> Mentorship:
    if not person.is_authenticated:
        raise Http404("No such request")
    mentorship = Mentorship.objects.filter(pk=_int(mentorship_id, "request"), mentor=person).select_related(
        "mentee", "mentor").first()
    if mentorship is None:
        raise Http404("No such request")
    return mentorship
