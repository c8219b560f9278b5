"""Why a single sign-on did not sign anyone in. Each reason has a code (kept in the sign-in log, shown to org admins)
and a sentence for the person at the browser, written by us (templates/sso/failed.html shows it)."""

from __future__ import annotations

MESSAGES = {
    "disabled": "Single sign-on is not set up on this Townsquare.",
    "provider_down": "We could not reach your organisation's sign-in service, so nobody was signed in. "
                     "Please try again in a few minutes; if it keeps happening, tell your Townsquare administrator.",
    "provider_error": "Your organisation's sign-in service did not sign you in. You can try again from the sign-in page.",
    "state": "This sign-in was already used or has run out. Nobody was signed in; please start again from the sign-in page.",
    "bad_request": "This sign-in link is incomplete. Please start again from the sign-in page.",
    "token": "We could not confirm who you are from your sign-in service's answer, so nobody was signed in. "
             "Please try again; if it keeps happening, tell your Townsquare administrator.",
    "audience": "The sign-in was meant for another application, so nobody was signed in. "
                "Your Townsquare administrator should check the client id.",
    "expired": "Your sign-in had already expired when it reached us, so nobody was signed in. Please try again.",
    "signature": "Your sign-in could not be verified (its signature does not match your sign-in service's keys), "
                 "so nobody was signed in. Please try again; if it keeps happening, tell your Townsquare administrator.",
    "no_email": "Your sign-in service did not tell us your email address, which Townsquare needs to know who you are. "
                "Your Townsquare administrator can add the email scope.",
    "unverified_email": "Your sign-in service has not verified your email address, so we cannot match it to a "
                        "Townsquare account. Verify the address with your organisation, then try again.",
    "deactivated": "Your Townsquare account has been deactivated, so you cannot sign in. "
                   "If you think this is a mistake, ask your Townsquare administrator.",
    "linked_elsewhere": "This Townsquare account is already linked to another sign-in at your organisation. "
                        "Ask your Townsquare administrator to check it.",
}
STATUS = {"disabled": 404, "deactivated": 403, "provider_down": 503}


class SsoError(Exception):
    """A sign-in that did not happen: `code` (a key of MESSAGES) and `detail` for the log (never shown to the person)."""

    def __init__(self, code: str, detail: str = "", *, email: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.email = email

    @property
    def message(self) -> str:
        return MESSAGES.get(self.code, MESSAGES["token"])

    @property
    def status(self) -> int:
        return STATUS.get(self.code, 400)


class ProviderUnavailable(SsoError):
    def __init__(self, detail: str = ""):
        super().__init__("provider_down", detail)
