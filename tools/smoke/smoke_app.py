#!/usr/bin/env python3
"""A tiny app for tools/smoke/dapr-kafka-smoke.sh: it stands beside one daprd
and records every request daprd makes to it, one JSON object per line.

    smoke_app.py <port> <request log file>

Routes:
  GET  /dapr/subscribe        subscriptions (DESIGN §8.3 shape, from $SUBSCRIPTIONS)
  POST /events/deadletter     dead letters: always SUCCESS
  POST /events/<anything>     pub/sub deliveries; the answer depends on the
                              CloudEvent's data: {"drop": true} -> DROP,
                              {"retry": true} -> RETRY, {"status404": true} -> 404,
                              otherwise SUCCESS
  POST /job/<name>            job triggers: 500 if <name> contains "fail500",
                              404 if it contains "fail404", else 200
  OPTIONS|POST /reminder-sweep, /sweep-explicit  the cron bindings
  GET  /healthz               200 "ok" (also used through service invocation)
Anything else: 404.
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
LOG = sys.argv[2]
SUBSCRIPTIONS = json.loads(os.environ.get("SUBSCRIPTIONS", "[]"))
_lock = threading.Lock()


def record(entry):
    with _lock, open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _reply(self, status, body=b"", ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        return status

    def _handle(self):
        raw = self._body()
        path = self.path.split("?", 1)[0]
        status = self._route(path, raw)
        record({
            "t": time.time(),
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": raw.decode("utf-8", "replace"),
            "answered": status,
        })

    def _route(self, path, raw):
        m = self.command
        if m == "GET" and path == "/dapr/subscribe":
            return self._reply(200, SUBSCRIPTIONS)
        if m == "GET" and path == "/healthz":
            return self._reply(200, "ok", "text/plain")
        if path in ("/reminder-sweep", "/sweep-explicit") and m in ("OPTIONS", "POST"):
            return self._reply(200)
        if m == "POST" and path == "/events/deadletter":
            return self._reply(200, {"status": "SUCCESS"})
        if m == "POST" and path.startswith("/events/"):
            try:
                data = json.loads(raw or b"{}").get("data") or {}
            except (ValueError, AttributeError):
                data = {}
            if not isinstance(data, dict):
                data = {}
            if data.get("status404"):
                return self._reply(404)
            verdict = "DROP" if data.get("drop") else "RETRY" if data.get("retry") else "SUCCESS"
            return self._reply(200, {"status": verdict})
        if m == "POST" and path.startswith("/job/"):
            if "fail500" in path:
                return self._reply(500, {"error": "deliberate"})
            if "fail404" in path:
                return self._reply(404)
            return self._reply(200)
        return self._reply(404)

    do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _handle


if __name__ == "__main__":
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.serve_forever()
