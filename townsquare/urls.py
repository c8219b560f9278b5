from django.contrib.auth import views as auth_views
from django.urls import include, path

from townsquare.coach import views as coach
from townsquare.conversations import views as cv
from townsquare.core import views as core
from townsquare.ideas import views as ideas
from townsquare.notebook import views as notebook
from townsquare.people import views as pv
from townsquare.people.forms import ThrottledPasswordResetForm
from townsquare.practices import views as practices
from townsquare.purpose import views as purpose

handler400 = "townsquare.core.views.bad_request"
handler403 = "townsquare.core.views.forbidden"
handler404 = "townsquare.core.views.not_found"
handler500 = "townsquare.core.views.server_error"

urlpatterns = [
    path("healthz", core.healthz, name="healthz"),
    # installable app (PWA): public, the same for everyone
    path("manifest.webmanifest", core.manifest, name="manifest"),
    path("sw.js", core.service_worker, name="service_worker"),
    path("offline/", core.offline, name="offline"),
    # accounts
    path("login/", coach.LoginView.as_view(), name="login"),  # lands on /coach/ for those who chose it
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm),
         name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("welcome/<uidb64>/<token>/", pv.WelcomePasswordView.as_view(), name="welcome_password"),
    path("invitations/", pv.invitations, name="invitations"),
    path("invitations/<int:invitation_id>/resend/", pv.invitation_resend, name="invitation_resend"),
    path("invitations/<int:invitation_id>/withdraw/", pv.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", pv.invitation_accept, name="invitation_accept"),
    path("admin/onboarding/", pv.people_onboarding, name="people_onboarding"),
    path("admin/onboarding/<slug:handle>/welcome/", pv.welcome_resend, name="welcome_resend"),
    # people
    path("people/", pv.directory, name="directory"),
    path("me/edit/", pv.profile_edit, name="profile_edit"),
    path("people/<slug:handle>/", cv.profile, name="profile"),  # with their posts: conversations, above people
    path("people/<slug:handle>/org/", pv.org_chart, name="org_chart"),
    path("people/<slug:handle>/avatar/", pv.avatar, name="avatar"),
    path("people/<slug:handle>/active/", pv.set_active, name="person_set_active"),
    # conversations
    path("", cv.home, name="home"),
    path("company/", cv.company, name="company"),
    path("feed/order/", cv.feed_order, name="feed_order"),
    path("questions/", cv.questions, name="questions"),
    path("bookmarks/", cv.bookmarks, name="bookmarks"),
    path("topics/<slug:name>/", cv.topic_feed, name="topic_feed"),
    path("compose/", cv.compose, name="compose"),
    path("posts/", cv.post_create, name="post_create"),
    path("posts/<int:post_id>/", cv.post_detail, name="post_detail"),
    path("posts/<int:post_id>/edit/", cv.post_edit, name="post_edit"),
    path("posts/<int:post_id>/history/", cv.post_history, name="post_history"),
    path("posts/<int:post_id>/widen/", cv.post_widen, name="post_widen"),
    path("posts/<int:post_id>/share/", cv.post_share, name="post_share"),
    path("posts/<int:post_id>/seen-by/", cv.post_seen_by, name="post_seen_by"),
    path("posts/<int:post_id>/delete/", cv.post_delete, name="post_delete"),
    path("posts/<int:post_id>/pin/", cv.post_pin, name="post_pin"),
    path("posts/<int:post_id>/react/", cv.post_react, name="post_react"),
    path("posts/<int:post_id>/bookmark/", cv.post_bookmark, name="post_bookmark"),
    path("posts/<int:post_id>/replies/", cv.reply_create, name="reply_create"),
    path("posts/<int:post_id>/best-answer/", cv.best_answer, name="best_answer"),
    path("replies/<int:reply_id>/edit/", cv.reply_edit, name="reply_edit"),
    path("replies/<int:reply_id>/history/", cv.reply_history, name="reply_history"),
    path("replies/<int:reply_id>/delete/", cv.reply_delete, name="reply_delete"),
    path("replies/<int:reply_id>/react/", cv.reply_react, name="reply_react"),
    path("attachments/<int:attachment_id>/", cv.attachment_download, name="attachment"),
    path("follow/", cv.follow_toggle, name="follow_toggle"),
    path("me/following/", cv.following, name="following"),
    path("groups/", cv.group_list, name="group_list"),
    path("groups/new/", cv.group_create, name="group_create"),
    path("groups/<slug:slug>/", cv.group_detail, name="group_detail"),
    path("groups/<slug:slug>/members/", cv.group_members, name="group_members"),
    path("groups/<slug:slug>/edit/", cv.group_edit, name="group_edit"),
    path("groups/<slug:slug>/join/", cv.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", cv.group_leave, name="group_leave"),
    path("groups/<slug:slug>/decline/", cv.group_invitation_decline, name="group_invitation_decline"),
    path("groups/<slug:slug>/invite/", cv.group_invite, name="group_invite"),
    path("groups/<slug:slug>/members/<int:membership_id>/", cv.membership_decide, name="membership_decide"),
    path("notifications/", cv.notifications, name="notifications"),
    path("notifications/<int:notification_id>/open/", cv.notification_open, name="notification_open"),
    path("search/", cv.search, name="search"),
    path("search/suggest/", cv.suggest, name="search_suggest"),
    # coach: the signed-in person's own habits only; no route takes a person
    path("coach/", coach.home, name="coach"),
    path("coach/settings/", coach.settings, name="coach_settings"),
    path("coach/rhythm/", coach.rhythm, name="coach_rhythm"),
    path("coach/week/", coach.week, name="coach_week"),
    path("coach/app-installed/", coach.app_installed, name="coach_app_installed"),
    # purpose and manifesto (C4): the editor, versions and diffs are the signed-in person's own;
    # only the published manifesto has a page that takes a person
    path("purpose/", purpose.purpose, name="purpose"),
    path("purpose/manifesto/", purpose.manifesto_edit, name="manifesto_edit"),
    path("purpose/manifesto/diff/", purpose.manifesto_diff, name="manifesto_diff"),
    path("purpose/manifesto/unpublish/", purpose.manifesto_unpublish, name="manifesto_unpublish"),
    path("purpose/manifesto/<int:version_id>/", purpose.manifesto_version, name="manifesto_version"),
    path("purpose/manifesto/<int:version_id>/publish/", purpose.manifesto_publish, name="manifesto_publish"),
    path("people/<slug:handle>/manifesto/", purpose.manifesto_public, name="manifesto_public"),
    # notebook (C5): private notes, insights and insight drafts, the author's alone
    path("notebook/", notebook.notebook, name="notebook"),
    path("notebook/new/", notebook.note_create, name="note_create"),
    path("notebook/<int:note_id>/", notebook.note_detail, name="note_detail"),
    path("notebook/<int:note_id>/edit/", notebook.note_edit, name="note_edit"),
    path("notebook/<int:note_id>/delete/", notebook.note_delete, name="note_delete"),
    path("notebook/<int:note_id>/insight/", notebook.note_insight, name="note_insight"),
    path("notebook/<int:note_id>/share/", notebook.note_share, name="note_share"),
    path("notebook/drafts/<int:draft_id>/", notebook.insight_draft, name="insight_draft"),
    # practices (C7): ask leadership (public to signed-in people; status by the leader or an org admin)
    # and polls (readable by whoever may read the poll's post)
    path("community/", practices.community, name="community"),
    path("ask/", practices.ask_list, name="ask_list"),
    path("ask/new/", practices.ask_new, name="ask_new"),
    path("ask/<int:question_id>/", practices.ask_detail, name="ask_detail"),
    path("ask/<int:question_id>/vote/", practices.ask_vote, name="ask_vote"),
    path("ask/<int:question_id>/status/", practices.ask_status, name="ask_status"),
    path("ask/<int:question_id>/answer/", practices.ask_answer, name="ask_answer"),
    path("ask/leaders/<slug:handle>/", practices.leader_page, name="leader_page"),
    path("leaders/manage/", practices.leaders_manage, name="leaders_manage"),
    path("polls/new/", practices.poll_create, name="poll_create"),
    path("polls/<int:poll_id>/", practices.poll_detail, name="poll_detail"),
    path("polls/<int:poll_id>/vote/", practices.poll_vote, name="poll_vote"),
    # ideas and recognition (C7): ideas are read through ideas.access (a post's visibility); the values
    # page is for org admins only
    path("ideas/", ideas.idea_board, name="idea_board"),
    path("ideas/<int:post_id>/", ideas.idea_detail, name="idea_detail"),
    path("ideas/<int:post_id>/vote/", ideas.idea_vote, name="idea_vote"),
    path("ideas/<int:post_id>/collaborate/", ideas.idea_collaborate, name="idea_collaborate"),
    path("ideas/<int:post_id>/status/", ideas.idea_status, name="idea_status"),
    path("ideas/<int:post_id>/owner/", ideas.idea_owner, name="idea_owner"),
    path("ideas/<int:post_id>/updates/", ideas.idea_update_create, name="idea_update_create"),
    path("groups/<slug:slug>/ideas/", ideas.group_idea_board, name="group_idea_board"),
    path("recognition/", ideas.recognition_wall, name="recognition_wall"),
    path("recognition/values/", ideas.values_manage, name="values_manage"),
    path("recognition/values/<int:value_id>/", ideas.value_edit, name="value_edit"),
    # packages that keep their own route list (each is in the permission matrix through tests/matrix_*.py)
    path("", include("townsquare.events.urls")),
    path("", include("townsquare.connect.urls")),
    path("", include("townsquare.circles.urls")),
    path("", include("townsquare.analytics.urls")),
    path("", include("townsquare.live.urls")),
    path("", include("townsquare.delivery.urls")),
    path("", include("townsquare.influence.urls")),
    path("", include("townsquare.sso.urls")),
    path("", include("townsquare.scim.urls")),
    path("", include("townsquare.governance.urls")),
    path("", include("townsquare.portability.urls")),
    path("", include("townsquare.operations.urls")),
    path("", include("townsquare.api.urls")),
]
