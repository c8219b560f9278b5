from django.apps import AppConfig


class PurposeConfig(AppConfig):
    name = "townsquare.purpose"
    label = "purpose"

    def ready(self) -> None:
        from townsquare.conversations import extensions

        def tag(*, person, post, values):
            from townsquare.purpose import services

            services.post_tag(person=person, post=post)

        extensions.register_composer_extra(extensions.ComposerExtra(
            name="purpose", fields=("serves_purpose",), apply=tag, template="purpose/_composer_purpose.html",
            slot="composer_options"))
