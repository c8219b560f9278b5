"""Routers of the community practices (issue 17: the API reaches what the UI reaches), one module per feature
package. Each reads through that package's access functions and selectors and writes through its services,
exactly as its web pages do; api.py adds ROUTERS to the API. The layering allows it: api sits beside the feature
packages and none of them imports api (import-linter's acyclic_siblings contract checks that)."""

from townsquare.api.routers.circles import router as circles
from townsquare.api.routers.connect import router as coffee
from townsquare.api.routers.events import router as events
from townsquare.api.routers.ideas import router as ideas
from townsquare.api.routers.leadership import router as leadership
from townsquare.api.routers.notebook import router as notebook
from townsquare.api.routers.polls import router as polls
from townsquare.api.routers.purpose import router as purpose
from townsquare.api.routers.recognition import router as recognition

ROUTERS = [ideas, events, leadership, polls, recognition, purpose, notebook, coffee, circles]
