from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "townsquare.core"
    label = "core"

    def ready(self) -> None:
        # Every process registers every task and periodic job, whichever consumer it is (run_huey, the
        # demo's in-process worker, a web process that only enqueues): Huey drops a dequeued task it
        # cannot find, and a schedule that depends on which module happened to be imported is no schedule.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
