"""What a person's export holds: everything they put in, and nothing of anyone else's that is private.

Each kind is one JSON file in the zip (`<kind>.json`, a list of objects with the table's own columns; a foreign
key appears as `<field>_id`). `KINDS` below is the list, with the sentence the manifest and README.txt give for
each. The rules, in the manifest's `privacy` section too:

- Only rows the person wrote or that are about their own choices (their reactions, votes, RSVPs, follows …).
- Someone else's answer, reaction or view is not theirs: what others did appears only as the counts the
  person's own pages already show (a post's reaction and reply counts, the personal dashboard).
- Anonymous answers stay anonymous, even to the person who gave them: an anonymous poll or an anonymous
  feedback request keeps no row that ties a person to what they chose, so the export can say only that they
  took part. Named poll votes and named feedback answers are theirs and are included.
- Secrets are left out: the password hash, API token hashes, the calendar feed's token, push subscription keys.
- Files: the attachments of their own posts and their avatar, under files/ with the path the file has on the
  server; each row that points at a file says where (`file` → files/…).

`tests/portability/test_personal_export.py` checks that each model of our apps is either covered here or listed
in `NOT_EXPORTED` with the reason, so a new table cannot be forgotten silently."""

import dataclasses
import datetime
import decimal
import uuid

from django.db import models
from django.db.models import Q


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _value(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_value(v) for v in value]
    return value


def rows(qs, *, exclude: tuple[str, ...] = (), extra=None) -> list[dict]:
    """Each object of `qs` as a dict of its concrete columns (files as their path under files/)."""
    model = qs.model
    out = []
    for obj in qs.order_by("pk"):
        row = {}
        for field in model._meta.concrete_fields:
            if field.name in exclude or field.attname in exclude:
                continue
            value = getattr(obj, field.attname)
            if isinstance(field, models.FileField):
                value = f"files/{value}" if value else ""
            row[field.attname] = _value(value)
        if extra is not None:
            row.update({k: _value(v) for k, v in extra(obj).items()})
        out.append(row)
    return out


# --- the kinds ---------------------------------------------------------------------------------------------

def _profile(person):
    from townsquare.people.models import Person

    return rows(Person.objects.filter(pk=person.pk),
                exclude=("password", "is_superuser"),
                extra=lambda p: {"department": p.department.name if p.department_id else "",
                                 "manager": p.manager.name if p.manager_id else ""})


def _posts(person):
    from townsquare.conversations.models import Post

    return rows(Post.objects.filter(author=person).prefetch_related("topics", "praised_people"),
                exclude=("body_html",),
                extra=lambda p: {"topics": sorted(t.name for t in p.topics.all()),
                                 "praised_people_ids": sorted(x.pk for x in p.praised_people.all())})


def _post_revisions(person):
    from townsquare.conversations.models import PostRevision

    return rows(PostRevision.objects.filter(post__author=person))


def _attachments(person):
    from townsquare.conversations.models import Attachment

    return rows(Attachment.objects.filter(post__author=person))


def _replies(person):
    from townsquare.conversations.models import Reply

    return rows(Reply.objects.filter(author=person), exclude=("body_html",))


def _reply_revisions(person):
    from townsquare.conversations.models import ReplyRevision

    return rows(ReplyRevision.objects.filter(reply__author=person))


def _shares(person):
    """Which of one's posts are shares of another post (the post itself is in posts.json)."""
    from townsquare.conversations.models import PostShare

    return rows(PostShare.objects.filter(post__author=person))


def _simple(model_path: str, field: str = "person", *, exclude: tuple[str, ...] = ()):
    def dump(person):
        from django.apps import apps

        return rows(apps.get_model(model_path).objects.filter(**{field: person}), exclude=exclude)
    return dump


def _memberships(person):
    from townsquare.conversations.models import Membership

    return rows(Membership.objects.filter(person=person).select_related("group"),
                extra=lambda m: {"group_name": m.group.name, "group_slug": m.group.slug})


def _analytics(person):
    from townsquare.analytics import selectors
    from townsquare.analytics.models import AnalyticsPreference, PersonMetric

    dashboard = selectors.personal(person)
    dashboard.pop("descriptions", None)
    dashboard["top_posts"] = [{"id": p.pk, "title": p.title, "body": p.body[:200], "reactions": p.reaction_count,
                               "replies": p.reply_count, "viewers": p.view_count} for p in dashboard["top_posts"]]
    return [{"dashboard": _value(dashboard),
             "metrics": rows(PersonMetric.objects.filter(person=person)),
             "preferences": rows(AnalyticsPreference.objects.filter(person=person))}]


def _interactions(person):
    from townsquare.analytics.models import Interaction

    # Only what the person did to others (their replies, reactions, mentions, praise); what others did to them
    # is in the dashboard as counts.
    return rows(Interaction.objects.filter(source=person))


def _polls(person):
    from townsquare.practices.models import Poll, PollOption, PollParticipant, PollVote

    own = Poll.objects.filter(author=person)
    return [{
        "polls_i_made": rows(own),
        "options_of_my_polls": rows(PollOption.objects.filter(poll__in=own)),
        # Named polls only: an anonymous poll stores no row that says who chose what.
        "my_votes_in_named_polls": rows(PollVote.objects.filter(person=person, option__poll__anonymous=False)),
        "polls_i_took_part_in": rows(PollParticipant.objects.filter(person=person),
                                     extra=lambda p: {"anonymous": p.poll.anonymous}),
    }]


def _feedback(person):
    from townsquare.influence.models import (
        FeedbackAnswer,
        FeedbackInvite,
        FeedbackParticipant,
        FeedbackRequest,
    )

    mine = FeedbackRequest.objects.filter(author=person)
    return [{
        "requests_i_made": rows(mine),
        "people_i_asked": rows(FeedbackInvite.objects.filter(request__in=mine)),
        # Answers to my requests are other people's words: the results page shows them, by its own rules; a
        # named answer is listed with its ratings (the person chose to sign it), an anonymous one is not.
        "named_answers_to_my_requests": rows(FeedbackAnswer.objects.filter(request__in=mine, person__isnull=False,
                                                                           request__anonymous=False)),
        # What I answered on named requests (an anonymous answer keeps no person, so it cannot be found).
        "my_named_answers": rows(FeedbackAnswer.objects.filter(person=person, request__anonymous=False)),
        "requests_i_answered": rows(FeedbackParticipant.objects.filter(person=person),
                                    extra=lambda p: {"anonymous": p.request.anonymous}),
    }]


def _tokens(person):
    from townsquare.api.models import AccessToken

    return rows(AccessToken.objects.filter(person=person),
                exclude=tuple(f.name for f in AccessToken._meta.concrete_fields
                              if any(w in f.name for w in ("hash", "secret", "digest", "key"))))


def _coffee(person):
    from townsquare.connect.models import CoffeeMatchMember, CoffeeProfile

    return [{"profile": rows(CoffeeProfile.objects.filter(person=person)),
             "matches": rows(CoffeeMatchMember.objects.filter(person=person))}]


def _mentoring(person):
    from townsquare.connect.models import MentorOffer, MentorRequest, Mentorship

    return [{"offers": rows(MentorOffer.objects.filter(person=person).prefetch_related("topics"),
                            extra=lambda o: {"topics": sorted(t.name for t in o.topics.all())}),
             "requests": rows(MentorRequest.objects.filter(person=person).prefetch_related("topics"),
                              extra=lambda o: {"topics": sorted(t.name for t in o.topics.all())}),
             "mentorships": rows(Mentorship.objects.filter(Q(mentor=person) | Q(mentee=person)))}]


def _events(person):
    from townsquare.events.models import Event, Opportunity, Rsvp, SignUp

    return [{"events_i_organise": rows(Event.objects.filter(organiser=person)),
             "rsvps": rows(Rsvp.objects.filter(person=person)),
             "opportunities_i_created": rows(Opportunity.objects.filter(created_by=person)),
             "sign_ups": rows(SignUp.objects.filter(person=person))}]


def _ideas(person):
    from townsquare.ideas.models import IdeaCollaborator, IdeaState, IdeaStatusChange, IdeaUpdate, IdeaVote

    return [{"ideas_i_own": rows(IdeaState.objects.filter(owner=person)),
             "votes": rows(IdeaVote.objects.filter(person=person)),
             "collaborating_on": rows(IdeaCollaborator.objects.filter(person=person)),
             "progress_updates": rows(IdeaUpdate.objects.filter(author=person)),
             "status_changes_i_made": rows(IdeaStatusChange.objects.filter(actor=person))}]


def _leadership(person):
    from townsquare.practices.models import Leader, Question, QuestionVote

    return [{"questions_i_asked": rows(Question.objects.filter(asker=person)),
             "questions_to_me": rows(Question.objects.filter(leader=person)),
             "votes": rows(QuestionVote.objects.filter(person=person)),
             "leader": rows(Leader.objects.filter(person=person))}]


def _circles(person):
    from townsquare.circles.models import Circle, CircleCheckIn, CircleMember, CircleNote

    return [{"circles_i_started": rows(Circle.objects.filter(created_by=person)),
             "memberships": rows(CircleMember.objects.filter(person=person)),
             "check_ins": rows(CircleCheckIn.objects.filter(person=person)),
             "notes": rows(CircleNote.objects.filter(author=person))}]


def _coach(person):
    from townsquare.coach.models import CoachPreference, DaySnapshot, HabitSetting, Nudge, WeeklyDigest

    return [{"habit_settings": rows(HabitSetting.objects.filter(person=person)),
             "preferences": rows(CoachPreference.objects.filter(person=person)),
             "nudges": rows(Nudge.objects.filter(person=person)),
             "weekly_reviews": rows(WeeklyDigest.objects.filter(person=person)),
             "day_snapshots": rows(DaySnapshot.objects.filter(person=person))}]


def _habit_history(person):
    """Each habit and the local days it was done, as the coach detects them from activity (since joining)."""
    from townsquare.coach import rules, selectors

    tz = rules.zone_of(person)
    since = rules.local_date(person.date_joined, tz)
    return [{"habit": habit, "days_done": sorted(d.isoformat() for d in days)}
            for habit, days in selectors.done_days(person, since, tz=tz).items()]


def _notebook(person):
    from townsquare.notebook.models import InsightDraft, Note

    return [{"notes": rows(Note.objects.filter(person=person)),
             "insight_drafts": rows(InsightDraft.objects.filter(person=person))}]


def _purpose(person):
    from townsquare.purpose.models import ManifestoVersion, Purpose, PurposeTag

    return [{"purpose": rows(Purpose.objects.filter(person=person)),
             "manifesto_versions": rows(ManifestoVersion.objects.filter(person=person)),
             "posts_tagged_with_my_purpose": rows(PurposeTag.objects.filter(person=person))}]


def _model(label: str):
    """A model of an app that may not be there yet (a package still being built): None then."""
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _experiments(person):
    Experiment, Variant = _model("influence.Experiment"), _model("influence.Variant")
    if Experiment is None or Variant is None:
        return []
    mine = Experiment.objects.filter(author=person)
    return [{"experiments": rows(mine), "variants": rows(Variant.objects.filter(experiment__in=mine))}]


def _reports(person):
    Report = _model("governance.Report")
    if Report is None:
        return []
    # What you reported and why; not the author of the reported content, which is not yours to keep.
    return rows(Report.objects.filter(reporter=person), exclude=("content_author", "excerpt"))


def _settings(person):
    from townsquare.conversations.models import FeedPreference
    from townsquare.delivery.models import DeliveryPreference

    return [{"notification_preferences": rows(DeliveryPreference.objects.filter(person=person)),
             "feed_order": rows(FeedPreference.objects.filter(person=person))}]


# (file name without .json, what it holds, function of the person → JSON-able list)
KINDS = [
    ("profile", "Your profile: name, title, department, manager, time zone, bio, skills, interests.", _profile),
    ("posts", "Every post you wrote (drafts and previews included), with its topics and the people it praises.", _posts),
    ("post_revisions", "Earlier versions of your posts, kept when you edited them.", _post_revisions),
    ("attachments", "The files you attached to your posts; `file` says where each is under files/.", _attachments),
    ("replies", "Every reply you wrote.", _replies),
    ("reply_revisions", "Earlier versions of your replies, kept when you edited them.", _reply_revisions),
    ("shares", "The posts you shared into a group or with the company: which post each share is of.", _shares),
    ("reactions", "Your reactions to posts.", _simple("conversations.Reaction")),
    ("reply_reactions", "Your reactions to replies.", _simple("conversations.ReplyReaction")),
    ("bookmarks", "The posts you bookmarked.", _simple("conversations.Bookmark")),
    ("follows", "The people, groups and topics you follow.", _simple("conversations.Follow", "follower")),
    ("memberships", "The groups you are in, with your role.", _memberships),
    ("posts_seen", "The posts you opened (what you read is yours; nobody else's reading is here).",
     _simple("conversations.PostView")),
    ("notebook", "Your notebook: notes, insights and the drafts made from them.", _notebook),
    ("purpose", "Your purpose, every version of your manifesto (drafts included) and the posts you tagged with it.",
     _purpose),
    ("coach", "Your coach: habit settings, preferences, nudges you were sent, weekly reviews and the coach's daily "
              "snapshots.", _coach),
    ("habit_history", "Each of the three habits and the days you did it, as the coach detects them from your "
                      "activity.", _habit_history),
    ("analytics", "Your own analytics: the personal dashboard's numbers as they were when the export was made.",
     _analytics),
    ("interactions", "Your replies, reactions, mentions and praise as the analytics count them (to whom, when).",
     _interactions),
    ("circles", "The working-out-loud circles you started or joined, your check-ins and notes.", _circles),
    ("ideas", "Ideas you own, your votes, collaborations, progress updates and status changes.", _ideas),
    ("leadership", "Ask leadership: the questions you asked, the questions asked of you, your votes.", _leadership),
    ("polls", "Polls you made; your votes in named polls; the polls you took part in (for an anonymous poll only "
              "that you took part: what you chose was never stored with your name).", _polls),
    ("events", "Events you organise, your RSVPs, volunteering opportunities and sign-ups.", _events),
    ("coffee_and_mentoring", "Coffee roulette: your profile and matches; mentoring offers, requests and pairs.",
     lambda p: _coffee(p) + _mentoring(p)),
    ("feedback", "Feedback requests you made, whom you asked and named answers; the named answers you gave; the "
                 "requests you answered (for an anonymous one only that you answered).", _feedback),
    ("experiments", "Your experiments and their variants (the results are on your experiments' pages).",
     _experiments),
    ("reports", "The posts and replies you reported to the moderators, with your reasons.", _reports),
    ("settings", "Your notification preferences and how you like your feeds ordered.", _settings),
    ("api_tokens", "The names and scopes of your API tokens (never the tokens themselves).", _tokens),
]

# Models of our apps whose rows (the person's own) are in a person's export, in one of the kinds above.
COVERED = {
    "people.person", "conversations.post", "conversations.postrevision", "conversations.attachment",
    "conversations.reply", "conversations.reaction", "conversations.bookmark", "conversations.follow",
    "conversations.membership", "conversations.postview", "notebook.note", "notebook.insightdraft",
    "purpose.purpose", "purpose.manifestoversion", "purpose.purposetag", "coach.habitsetting",
    "coach.coachpreference", "coach.nudge", "coach.weeklydigest", "coach.daysnapshot", "analytics.personmetric",
    "analytics.analyticspreference", "analytics.interaction", "circles.circle", "circles.circlemember",
    "circles.circlecheckin", "circles.circlenote", "ideas.ideastate", "ideas.ideavote", "ideas.ideacollaborator",
    "ideas.ideaupdate", "ideas.ideastatuschange", "practices.leader", "practices.question", "practices.questionvote",
    "practices.poll", "practices.pollparticipant", "practices.pollvote", "events.event", "events.rsvp",
    "events.opportunity", "events.signup", "connect.coffeeprofile", "connect.coffeematchmember",
    "connect.mentoroffer", "connect.mentorrequest", "connect.mentorship", "influence.feedbackrequest",
    "influence.feedbackinvite", "influence.feedbackparticipant", "influence.feedbackanswer",
    "delivery.deliverypreference", "api.accesstoken", "influence.experiment", "influence.variant",
    "governance.report", "conversations.replyrevision", "conversations.replyreaction", "conversations.postshare",
    "conversations.feedpreference",
}

# Models of our apps whose rows are not in a person's export, and why (checked by a test).
NOT_EXPORTED = {
    "core.outboxitem": "the delivery queue of side effects, not something a person put in",
    "core.auditentry": "the organisation's record of privileged actions",
    "people.department": "the organisation's list; your department's name is in your profile",
    "people.invitation": "invitations name other people's email addresses",
    "people.welcome": "onboarding bookkeeping",
    "people.onboardingemail": "onboarding bookkeeping",
    "conversations.group": "groups are shared; yours are listed in memberships.json",
    "conversations.topic": "topics are shared; yours are named in posts.json and follows.json",
    "conversations.postaudience": "who a preview was shared with is in posts.json's audience; rows name others",
    "conversations.postpreview": "link previews are fetched by the server, not put in",
    "conversations.mention": "derived from your posts' text",
    "conversations.notification": "messages the product sent you, about other people's acts",
    "conversations.searchentry": "the search index, rebuilt from posts",
    "ideas.ideanotification": "messages the product sent you",
    "ideas.companyvalue": "the organisation's values",
    "ideas.praisevalue": "the value of a praise post is shared with the people praised",
    "practices.reminder": "reminders the product sent to leaders",
    "practices.polloption": "options belong to polls; those of your own polls are in polls.json",
    "events.eventreminder": "reminders the product sent you",
    "events.calendartoken": "a secret: the link to your calendar feed",
    "events.amaquestion": "links between events and questions, in leadership.json and events.json",
    "connect.coffeeround": "the organisation's rounds; your matches are in coffee_and_mentoring.json",
    "connect.coffeematch": "your matches are in coffee_and_mentoring.json",
    "connect.mentoringtopic": "topics are named in coffee_and_mentoring.json",
    "analytics.report": "organisation-wide reports",
    "analytics.analystrole": "an organisation setting",
    "delivery.notificationdelivery": "delivery bookkeeping",
    "delivery.digestemail": "delivery bookkeeping",
    "delivery.pushsubscription": "a secret: your browser's push keys",
    "delivery.webhook": "the organisation's webhooks",
    "delivery.webhookattempt": "the organisation's webhooks",
    "api.idempotencykey": "request bookkeeping",
    "portability.exportjob": "this export itself",
    "influence.assignment": "which variant of an experiment you were shown belongs to that experiment's author",
    "influence.trackedlink": "an experiment's links, kept with the experiment",
    "influence.linkclick": "counted in an experiment's results, which are its author's",
    "governance.decision": "moderators' decisions, the organisation's record",
    "scim.scimuser": "the identity provider's record of you, kept for provisioning",
    "scim.scimgroup": "the identity provider's groups",
    "scim.scimtoken": "a secret of the organisation",
    "sso.ssoidentity": "the sign-in provider's id for you, bookkeeping",
    "sso.ssoevent": "the sign-in log, the organisation's record",
    "sso.breakglasslink": "a secret: a one-time sign-in link",
    "operations.retentionpolicy": "an organisation setting",
}

PRIVACY = [
    "Other people's private things: their posts in groups, their notes, drafts, reading, votes and answers are "
    "theirs; what others did on your posts appears only as the counts your pages show.",
    "Anonymous answers: an anonymous poll or an anonymous feedback request never stored what you chose with your "
    "name, so the export can only say that you took part; nobody, you included, can link you to the answer.",
    "Secrets: your password (its hash), API tokens, your calendar feed's link and your browser's push keys.",
    "Bell notifications, reminders and the search index: messages and bookkeeping the product made, not things "
    "you put in.",
]
