"""The webhook receiver of `bench writes`, in a process of its own: `python -m bench.receiver ARRIVALS`.

It prints the port it listens on (127.0.0.1), then appends one line per post.published event to ARRIVALS:
"<post id> <unix time of arrival>". In the bench's own process it shared one interpreter lock with the 50
writing clients, so its answers waited behind theirs and the lag it measured was partly its own."""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body.get("event") == "post.published":
            self.server.arrivals.write(f"{body['data']['id']} {time.time()}\n")
            self.server.arrivals.flush()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main(path: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.daemon_threads = True
    server.arrivals = open(path, "a", buffering=1)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
