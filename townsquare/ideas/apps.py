from django.apps import AppConfig


class IdeasConfig(AppConfig):
    """Ideas (C7): idea posts with votes, collaborators, an owner, a status pipeline and progress
    updates; and recognition: company values, praise linked to a value, a wall, given/received counts."""

    name = "townsquare.ideas"
    label = "ideas"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from townsquare.conversations.models import Post

        def idea_state_for_new_post(sender, instance, created, raw=False, **kwargs):
            # Every idea post gets its IdeaState as soon as it exists (bulk loads are backfilled by
            # services.idea_states_backfill, which the board calls).
            if created and not raw and instance.kind == Post.Kind.IDEA:
                from townsquare.ideas.models import IdeaState

                IdeaState.objects.get_or_create(post=instance, defaults={"owner_id": instance.author_id})

        post_save.connect(idea_state_for_new_post, sender=Post, weak=False, dispatch_uid="ideas_state_for_new_post")
