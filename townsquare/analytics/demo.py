"""Demo data for analytics: `seed(gen)` is called by the demo generator (townsquare/demo/generator.py →
DEMO_EXTENSIONS) once the organisation exists. The story it tells is described in seeding.py."""

from townsquare.analytics.seeding import seed

__all__ = ["seed"]
