"""What an org admin's export of the organisation holds (the web's "Export the organisation", /admin/export/).

An org admin gets no extra read access to people's private things through the product (PRODUCT.md, Privacy), so
this zip holds the organisation as everyone in it may see it, plus what an org admin manages:

- people's profiles (never a password hash), departments and the org chart (manager_id);
- every group's metadata and admins (never the content of a private or secret group), members of public groups;
- the company-wide posts and the posts of public groups (not previews shared with chosen people, not drafts),
  their replies and files, topics;
- company values, leaders and ask-leadership questions, ideas, events of those posts.

Left out: the posts, replies and members of private and secret groups; notebooks, coach history, purpose drafts,
personal analytics, what people read or bookmarked, votes and reactions by person, anonymous answers, tokens and
other secrets. The complete copy of an instance (to move it to a new server) is `townsquare export-org DIR`,
which an operator runs on the server itself (orgdump.py)."""

from django.db.models import Q

from townsquare.portability.personal import rows

PRIVACY = [
    "Private and secret groups: their metadata and admins are listed, never their posts, replies or members.",
    "Notebooks, coach history, purpose and manifesto drafts, personal analytics, what people read or bookmarked: "
    "these are each person's own and only they can export them (their page: My export).",
    "Votes and reactions by person and every anonymous answer: only the counts shown on posts are included.",
    "Password hashes, API tokens, calendar links and push keys: secrets are never exported.",
    "The complete copy of this instance, to move it to a new server, is `townsquare export-org DIR`, run on the "
    "server by its operator.",
]


def _public_posts(admin):
    from townsquare.conversations.access import posts_visible_to
    from townsquare.conversations.models import Group, Post

    return (posts_visible_to(admin).filter(Q(group__isnull=True) | Q(group__visibility=Group.Visibility.PUBLIC))
            .exclude(audience=Post.Audience.PREVIEW))


def kinds(admin):
    from townsquare.conversations.models import Attachment, Group, Membership, Reply, Topic
    from townsquare.events.models import Event
    from townsquare.ideas.models import CompanyValue, IdeaState
    from townsquare.people.models import Department, Person
    from townsquare.practices.models import Leader, Question

    posts = _public_posts(admin)
    post_ids = list(posts.values_list("pk", flat=True))
    public = Group.objects.filter(visibility=Group.Visibility.PUBLIC)
    return [
        ("people", "Everyone's profile (no passwords).",
         lambda: rows(Person.objects.all(), exclude=("password", "is_superuser", "last_login"))),
        ("departments", "Departments.", lambda: rows(Department.objects.all())),
        ("groups", "Every group's name, kind, visibility, description and size.", lambda: rows(Group.objects.all())),
        ("group_admins", "The admins of every group.",
         lambda: rows(Membership.objects.filter(role=Membership.Role.ADMIN))),
        ("public_group_members", "Members of public groups.", lambda: rows(Membership.objects.filter(group__in=public))),
        ("posts", "Company-wide posts and posts in public groups, with their topics and counts.",
         lambda: rows(posts.prefetch_related("topics"), exclude=("body_html",),
                      extra=lambda p: {"topics": sorted(t.name for t in p.topics.all())})),
        ("replies", "Replies to those posts.",
         lambda: rows(Reply.objects.filter(post_id__in=post_ids), exclude=("body_html",))),
        ("attachments", "Files attached to those posts; `file` says where each is under files/.",
         lambda: rows(Attachment.objects.filter(post_id__in=post_ids))),
        ("topics", "Topics.", lambda: rows(Topic.objects.all())),
        ("company_values", "The company values.", lambda: rows(CompanyValue.objects.all())),
        ("leaders", "The leaders people may ask.", lambda: rows(Leader.objects.all())),
        ("questions_to_leaders", "Ask-leadership questions.",
         lambda: rows(Question.objects.filter(post_id__in=post_ids))),
        ("ideas", "Ideas: owner, status and votes count.", lambda: rows(IdeaState.objects.filter(post_id__in=post_ids))),
        ("events", "Events.", lambda: rows(Event.objects.filter(post_id__in=post_ids))),
    ]
