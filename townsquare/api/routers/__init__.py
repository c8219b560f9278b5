"""Routers of the community practices (issue 17: the API reaches what the UI reaches), one module per feature
package. Each reads through that package's access functions and selectors and writes through its services,
exactly as its web pages do; api.py adds ROUTERS to the API. The layering allows it: api sits beside the feature
packages and none of them imports api (import-linter's acyclic_siblings contract checks that)."""

from townsquare.api.routers.ideas import router as ideas

ROUTERS = [ideas]
