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

        from townsquare.conversations import extensions

        def link_value(*, person, post, values):
            from townsquare.ideas import services

            services.praise_value_link(person=person, post=post, value_id=str(values["praise_value"]))

        extensions.register_composer_extra(extensions.ComposerExtra(
            name="ideas", fields=("praise_value",), apply=link_value, template="ideas/_composer_value.html"))
        extensions.register_slot("company_aside", "ideas/_company_aside.html")

        def value_label(post):
            from django.core.exceptions import ObjectDoesNotExist

            if post.kind != Post.Kind.PRAISE:
                return None
            try:  # joined by page_of (select_related), so reading it costs no query
                return f"★ {post.praise_value.value.name}"
            except ObjectDoesNotExist:
                return None

        extensions.register_card_label(extensions.CardLabel(
            name="ideas.praise_value", select_related=("praise_value__value",), label=value_label))
        extensions.register_slot("group_list_links", "ideas/_group_list_links.html")

        from townsquare.ideas.access import ideas_visible_to
        from townsquare.ideas.models import IdeaState
        from townsquare.practices.selectors import PracticeCard, register_card

        def ideas_card(person):
            in_play = ideas_visible_to(person).exclude(status__in=[IdeaState.Status.DONE, IdeaState.Status.NOT_NOW])
            return PracticeCard("ideas", "Ideas", "Suggest an improvement, vote for the ideas you want, and join the "
                                "ones you can help with.", "idea_board", "See the idea board", in_play.count(),
                                "ideas in play")

        def recognition_card(person):
            return PracticeCard("recognition", "Recognition", "Thank a colleague or a team where everyone can see it.",
                                "recognition_wall", "Open the wall")

        register_card(20, ideas_card)
        register_card(30, recognition_card)
