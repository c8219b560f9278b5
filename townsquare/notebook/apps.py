from django.apps import AppConfig


class NotebookConfig(AppConfig):
    name = "townsquare.notebook"
    label = "notebook"

    def ready(self) -> None:
        from townsquare.conversations import extensions

        def publish(*, person, post, values):
            from townsquare.notebook import services

            services.draft_publish(person=person, draft_id=values["notebook_draft"], post=post)

        extensions.register_composer_extra(extensions.ComposerExtra(
            name="notebook", fields=("notebook_draft",), apply=publish, template="notebook/_composer_draft.html",
            slot="composer_options"))
        extensions.register_slot("post_detail_top", "notebook/_post_provenance.html")  # only its author sees it
