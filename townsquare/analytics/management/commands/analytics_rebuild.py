import time

from django.core.management.base import BaseCommand

from townsquare.analytics import graph, reports


class Command(BaseCommand):
    help = ("Rebuild the interaction graph from every post, reply, reaction, mention, praise and best answer, "
            "then recompute the graph metrics and every analytics report. Safe to run at any time.")

    def add_arguments(self, parser):
        parser.add_argument("--graph-only", action="store_true", help="rebuild the edges, skip metrics and reports")

    def handle(self, *args, graph_only=False, **options):
        start = time.perf_counter()
        edges = graph.rebuild()
        self.stdout.write(f"Interaction graph: {edges} edges in {time.perf_counter() - start:.1f} s.")
        if not graph_only:
            start = time.perf_counter()
            result = reports.refresh_all()
            self.stdout.write(f"Metrics and reports for {result['people']} people in {time.perf_counter() - start:.1f} s "
                              f"(graph metrics {result['metrics_s']} s).")
