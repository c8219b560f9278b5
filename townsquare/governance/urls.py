"""Routes of townsquare.governance, included from townsquare/urls.py. The console, its people and groups pages and
the audit log are for organisation admins (everyone else: 404). Reporting is for whoever can read the post or reply;
moderating follows governance/access.py (org admins: company-wide and public groups; group admins: their groups);
a decision's notice is for the author it was about."""

from django.urls import path

from townsquare.governance import views

urlpatterns = [
    path("admin/", views.console, name="admin_console"),
    path("admin/people/", views.people, name="admin_people"),
    path("admin/people/<slug:handle>/active/", views.person_active, name="admin_person_active"),
    path("admin/people/<slug:handle>/org-admin/", views.person_org_admin, name="admin_person_org_admin"),
    path("admin/groups/", views.groups, name="admin_groups"),
    path("admin/groups/<int:group_id>/archive/", views.group_archive, name="admin_group_archive"),
    path("admin/audit/", views.audit_log, name="audit_log"),
    path("admin/audit.csv", views.audit_log_csv, name="audit_log_csv"),
    path("posts/<int:post_id>/report/", views.post_report, name="post_report"),
    path("replies/<int:reply_id>/report/", views.reply_report, name="reply_report"),
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/posts/<int:post_id>/", views.post_moderate, name="post_moderate"),
    path("moderation/replies/<int:reply_id>/", views.reply_moderate, name="reply_moderate"),
    path("moderation/notices/<int:decision_id>/", views.notice, name="moderation_notice"),
]
