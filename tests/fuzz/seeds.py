#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/<target>/corpus/.

The seeds are committed; this script documents how the opaque ones (tokens
signed with the fuzz targets' key, cursors) were made and remakes them if the
key, the fixed "now" of fuzz_common.h or a cursor scope changes:

    python3 tests/fuzz/seeds.py

Seed files are named after what they are; rerunning rewrites them in place.
"""
import base64
import hashlib
import hmac
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = b"fuzz-secret-0123456789abcdef0123456789abcdef"  # the targets' key
NOW = 1780315200  # 2026-06-01T12:00:00Z, fuzz::fixed_now()
USER = "6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f"
OTHER_USER = "0b8e1f7a-9c2d-4e3f-a5b6-c7d8e9f0a1b2"
TASK = "3d2c1b0a-9f8e-4d7c-b6a5-443322110099"
EVENT = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"
NOTE = "1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b"


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(obj) -> str:
    return json.dumps(obj, separators=(",", ":"))


def token(payload, header=None, key=KEY) -> str:
    header = header or {"alg": "HS256", "typ": "JWT"}
    signing_input = b64u(compact(header).encode()) + "." + b64u(compact(payload).encode())
    sig = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64u(sig)


def claims(**over):
    c = {"sub": USER, "email": "ada@example.com", "iss": "todo-platform", "iat": NOW - 3600, "exp": NOW + 6 * 86400}
    c.update(over)
    return c


VALID = token(claims())


def cursor(scope, key, id_=TASK) -> str:
    return b64u(compact({"s": scope, "k": key, "i": id_}).encode())


def write(target, name, content):
    d = os.path.join(HERE, target, "corpus")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(content.encode() if isinstance(content, str) else content)


def task_json(**over):
    t = {"id": TASK, "user_id": USER, "title": "Pay rent", "description": "before the 3rd", "priority": "high",
         "tags": ["home", "money"], "status": "pending", "completed": False, "due_date": "2026-07-01T09:00:00.000Z",
         "reminder_at": "2026-07-01T08:00:00.000Z", "reminder_sent": False, "recurrence": "FREQ=MONTHLY",
         "recurrence_end": None, "timezone": "Europe/Berlin", "parent_task_id": None,
         "created_at": "2026-05-30T10:00:00.000Z", "updated_at": "2026-05-30T10:00:00.000Z", "completed_at": None,
         "version": 3}
    t.update(over)
    return t


def event(type_, data, **over):
    e = {"specversion": "1.0", "id": EVENT, "source": "todo-api", "type": type_, "subject": TASK,
         "time": "2026-05-30T10:00:00.000Z", "datacontenttype": "application/json", "partitionkey": USER,
         "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
    e.update(over)
    d = {"event_id": EVENT, "event_type": type_, "schema_version": 1, "user_id": USER,
         "occurred_at": "2026-05-30T10:00:00.000Z", "correlation_id": "req-1"}
    d.update(data)
    e["data"] = d
    return e


def http_request(method, target, headers=(), body=None, version="1.1"):
    lines = [f"{method} {target} HTTP/{version}", "Host: localhost:8080"] + list(headers)
    if body is not None and not any(h.lower().startswith("transfer-encoding") for h in headers):
        lines.append(f"Content-Length: {len(body.encode())}")
    return "\r\n".join(lines) + "\r\n\r\n" + (body or "")


def http_seeds():
    auth = f"Authorization: Bearer {VALID}"
    js = "Content-Type: application/json"
    tasks = f"/api/{USER}/tasks"
    create = compact({"title": "Pay rent", "priority": "high", "tags": ["home"], "due_date": "2026-07-01T09:00:00Z",
                      "reminder_at": "2026-07-01T08:59:00Z", "recurrence": "monthly", "timezone": "Europe/Berlin"})
    seeds = {
        "healthz": http_request("GET", "/healthz"),
        "head-healthz-http10": http_request("HEAD", "/healthz", version="1.0"),
        "put-healthz-405": http_request("PUT", "/healthz", [js], "{}"),
        "sign-up": http_request("POST", "/api/auth/sign-up", [js],
                                compact({"email": "ada@example.com", "password": "correct horse", "name": "Ada"})),
        "sign-in": http_request("POST", "/api/auth/sign-in", ["Content-Type: application/json; charset=utf-8"],
                                compact({"email": "ada@example.com", "password": "correct horse"})),
        "me": http_request("GET", "/api/auth/me", [auth, "X-Request-Id: req-123",
                                                   "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]),
        "create-task": http_request("POST", tasks, [auth, js, "Idempotency-Key: 5f1d-create-1"], create),
        "create-task-chunked": "\r\n".join([f"POST {tasks} HTTP/1.1", "Host: localhost", auth, js,
                                            "Transfer-Encoding: chunked", "", "10", create[:16],
                                            f"{len(create) - 16:x}", create[16:], "0", "", ""]),
        "create-task-expect": http_request("POST", tasks, [auth, js, "Expect: 100-continue"],
                                           compact({"title": "Call mom", "description": "Sunday\n", "tags": None})),
        "list-tasks": http_request("GET", tasks + "?status=pending&priority=high,low&tag=home&tag=work&q=rent"
                                   "&due_before=2026-12-01T00:00:00Z&due_after=2026-01-01T00:00:00%2B01:00"
                                   "&overdue=false&sort=due_date&order=asc&limit=20&cursor="
                                   + cursor("tasks:due_date:asc", "2026-07-01T09:00:00.000Z"), [auth]),
        "list-tasks-title": http_request("GET", tasks + "?sort=title&order=desc&cursor="
                                         + cursor("tasks:title:desc", "Pay rent"), [auth]),
        "get-task": http_request("GET", f"{tasks}/{TASK}", [auth]),
        "patch-task": http_request("PATCH", f"{tasks}/{TASK}", [auth, js, 'If-Match: "3"'],
                                   compact({"title": "Pay the rent", "due_date": None, "reminder_at": None,
                                            "recurrence": None, "priority": "low"})),
        "put-task-weak-etag": http_request("PUT", f"{tasks}/{TASK}", [auth, js, 'If-Match: W/"2", "3"'],
                                           compact({"recurrence": "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=10",
                                                    "recurrence_end": "2027-01-01T00:00:00Z", "tags": ["a", "B "]})),
        "complete": http_request("PATCH", f"{tasks}/{TASK}/complete", [auth, js], compact({"completed": True})),
        "complete-toggle": http_request("PATCH", f"{tasks}/{TASK}/complete", [auth, "If-Match: *"]),
        "delete-task": http_request("DELETE", f"{tasks}/{TASK}", [auth, 'If-Match: "4"']),
        "stats-and-tags-pipelined": http_request("GET", f"/api/{USER}/stats", [auth])
        + http_request("GET", f"/api/{USER}/tags", [auth]) + http_request("GET", "/healthz", ["Connection: close"]),
        "notifications": http_request("GET", f"/api/{USER}/notifications?unread=true&limit=5&cursor="
                                      + cursor("notifications", 42, ""), [auth]),
        "notification-read": http_request("PATCH", f"/api/{USER}/notifications/{NOTE}/read", [auth]),
        "notifications-read-all": http_request("POST", f"/api/{USER}/notifications/read-all", [auth]),
        "audit": http_request("GET", f"/api/{USER}/audit?task_id={TASK}&event_type=task.created&limit=3", [auth]),
        "other-user-403": http_request("GET", f"/api/{OTHER_USER}/tasks", [auth]),
        "no-token-401": http_request("GET", tasks),
        "internal-next-occurrence": http_request(
            "POST", "/internal/next-occurrence", [js, "Idempotency-Key: next-" + TASK],
            compact({"user_id": USER, "parent_task_id": TASK,
                     "task": {"title": "Pay rent", "due_date": "2026-08-01T09:00:00Z", "recurrence": "FREQ=MONTHLY"}})),
        "event-task-created": http_request("POST", "/events/task-events", ["Content-Type: application/cloudevents+json"],
                                           compact(event("task.created", {"task_id": TASK, "task": task_json()}))),
        "event-reminder": http_request("POST", "/events/reminders", ["Content-Type: application/cloudevents+json"],
                                       compact(event("reminder.due", {"task_id": TASK, "title": "Pay rent",
                                                                      "due_date": None,
                                                                      "reminder_at": "2026-07-01T08:00:00.000Z",
                                                                      "timezone": "UTC"}))),
        "dapr-subscribe": http_request("GET", "/dapr/subscribe"),
        "job": http_request("POST", f"/job/reminder-{TASK}", [js], compact({"task_id": TASK})),
        "options-binding": http_request("OPTIONS", "/reminder-sweep"),
        "web-asset": http_request("GET", "/assets/app-1234.js"),
        "web-client-route": http_request("GET", "/tasks/today?x=1"),
        "web-traversal": http_request("GET", "/../secret.txt"),
        "web-traversal-encoded": http_request("GET", "/assets/%2e%2e/%2e%2e/secret.txt"),
        "ws-not-upgraded": http_request("GET", "/ws?token=" + VALID),
        "bad-target": http_request("GET", "/api/%zz"),
        "malformed": "GARBAGE /\r\n\r\n",
        "too-large": http_request("POST", tasks, [auth, js, "Content-Length: 70000"]),
        "unknown-api-route": http_request("GET", "/api/nothing/here"),
    }
    for name, content in seeds.items():
        write("http", name, content)


def rrule_seeds():
    rules = {
        "daily": "daily",
        "weekly-berlin": "FREQ=WEEKLY;BYDAY=MO,WE,FR\n2026-03-02T09:00:00+01:00\nEurope/Berlin",
        "monthly-last-friday": "RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=12\n2026-01-30T17:00:00Z\nAmerica/New_York",
        "monthly-31st": "FREQ=MONTHLY;BYMONTHDAY=31\n2026-01-31T08:00:00Z\nUTC\n2030-05-01T00:00:00Z",
        "yearly-leap": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\n2024-02-29T12:00:00Z\nAsia/Tokyo\n2100-01-01T00:00:00Z",
        "yearly-20th-monday": "FREQ=YEARLY;BYDAY=20MO\n2026-05-18T09:00:00Z\nEurope/London",
        "interval-until-date": "freq=daily;interval=3;until=20261231\n2026-06-01T06:30:00Z\nAustralia/Sydney",
        "until-basic": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270101T000000Z\n2026-06-02T07:00:00Z\nAsia/Kolkata",
        "until-rfc3339": "FREQ=MONTHLY;BYDAY=1MO,-1MO;UNTIL=2027-06-30T23:59:59+02:00\n2026-06-01T10:00:00Z\nEurope/Paris",
        "dst-gap": "FREQ=DAILY\n2026-03-28T02:30:00+01:00\nEurope/Berlin\n2026-03-29T00:00:00Z",
        "apia-skipped-day": "FREQ=DAILY\n2011-12-27T09:00:00-10:00\nPacific/Apia",
        "bymonth-daily-limit": "FREQ=DAILY;BYMONTH=1,7;BYMONTHDAY=1,-1\n2026-01-01T00:00:00Z\nUTC\n2400-01-01T00:00:00Z",
        "weekly-monthday-limit": "FREQ=WEEKLY;BYMONTHDAY=13;BYDAY=FR\n2026-02-13T13:13:00Z\nUTC\n2026-12-01T00:00:00Z",
        "far-jump": "FREQ=WEEKLY;INTERVAL=7\n0001-01-01T00:00:00Z\nUTC\n9990-01-01T00:00:00Z",
        "end-bound": "FREQ=DAILY;COUNT=10000\n2026-06-01T09:00:00Z\nUTC\n\n2026-06-10T09:00:00Z",
        "refused-hourly": "FREQ=HOURLY",
        "refused-both-ends": "FREQ=DAILY;COUNT=3;UNTIL=20260101",
        "refused-ordinal-weekly": "FREQ=WEEKLY;BYDAY=1MO",
        "trailing-semicolon": "  RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25;  ",
    }
    for name, content in rules.items():
        write("rrule", name, content)


def jwt_seeds():
    seeds = {
        "valid": VALID,
        "valid-no-iat": token({k: v for k, v in claims().items() if k != "iat"}),
        "valid-fractional-dates": token(claims(iat=NOW - 0.5, exp=NOW + 86400.25, nbf=NOW - 10)),
        "expired": token(claims(exp=NOW - 3600)),
        "not-yet-valid": token(claims(nbf=NOW + 3600)),
        "wrong-issuer": token(claims(iss="someone-else")),
        "no-sub": token({k: v for k, v in claims().items() if k != "sub"}),
        "alg-none": b64u(compact({"alg": "none"}).encode()) + "." + b64u(compact(claims()).encode()) + ".",
        "alg-rs256": token(claims(), header={"alg": "RS256", "typ": "JWT"}),
        "other-key": token(claims(), key=b"another-secret-0123456789abcdef0123456789"),
        "two-segments": VALID.rsplit(".", 1)[0],
        "four-segments": VALID + ".x",
        "bad-base64": "eyJhbGciOiJIUzI1NiJ9.@@@.abc",
        "signed-pair": compact({"alg": "HS256", "typ": "JWT"}) + "\n" + compact(claims()),
        "signed-pair-big-exp": compact({"alg": "HS256"}) + "\n" + compact(claims(exp=1e300, iat=-1)),
        "signed-pair-string-exp": compact({"alg": "HS256"}) + "\n" + compact(claims(exp="tomorrow")),
        "signed-pair-not-object": compact({"alg": "HS256"}) + "\n[1,2,3]",
    }
    for name, content in seeds.items():
        write("jwt", name, content)


def event_seeds():
    seeds = {
        "task-created": event("task.created", {"task_id": TASK, "task": task_json()}),
        "task-updated": event("task.updated", {"task_id": TASK, "task": task_json(version=4, title="Pay the rent"),
                                               "changes": {"title": {"from": "Pay rent", "to": "Pay the rent"}}}),
        "task-completed": event("task.completed", {"task_id": TASK, "task": task_json(
            completed=True, status="completed", completed_at="2026-06-01T10:00:00.000Z")}),
        "task-deleted-no-task-id": event("task.deleted", {"task": task_json(recurrence=None, timezone="UTC")}),
        "reminder-due": event("reminder.due", {"task_id": TASK, "title": "Pay rent",
                                               "due_date": "2026-07-01T09:00:00.000Z",
                                               "reminder_at": "2026-07-01T08:00:00+01:00",
                                               "timezone": "Europe/Berlin"}),
        "notification-created": event("notification.created", {"task_id": TASK, "notification": {
            "id": NOTE, "user_id": USER, "task_id": TASK, "type": "reminder", "message": "Pay rent is due at 09:00",
            "read": False, "created_at": "2026-07-01T08:00:00.123Z"}}, subject=NOTE),
        "minimal": {"id": "x", "type": "y", "data": {}},
        "not-an-event": {"id": EVENT, "type": "task.created", "data": "not an object"},
    }
    for name, content in seeds.items():
        write("event", name, compact(content))


def cursor_seeds():
    seeds = {
        "created-desc": cursor("tasks:created_at:desc", "2026-05-30T10:00:00.000Z"),
        "due-asc-null": cursor("tasks:due_date:asc", None),
        "priority-asc": cursor("tasks:priority:asc", 3),
        "title-desc": cursor("tasks:title:desc", "Pay rent"),
        "notifications-seq": cursor("notifications", 1234, ""),
        "audit-seq": cursor("audit", 99, ""),
        "plain-json-updated": compact({"s": "tasks:updated_at:desc", "k": "2026-05-30T10:00:00Z", "i": TASK}),
        "plain-json-priority": compact({"s": "tasks:priority:desc", "k": 2, "i": TASK}),
        "plain-json-seq": compact({"s": "notifications", "k": 7, "i": ""}),
        "query-full": "status=completed&priority=medium&tag=home&q=caf%C3%A9&sort=priority&order=asc&limit=200"
                      "&cursor=" + cursor("tasks:priority:asc", 1),
        "query-repeated": "sort=title&sort=title&limit=0",
        "query-audit": f"task_id={TASK}&event_type=task.deleted&limit=50&cursor=" + cursor("audit", 5, ""),
        "query-unread": "unread=true&limit=1&cursor=" + cursor("notifications", 3, ""),
        "not-base64": "not a cursor!",
    }
    for name, content in seeds.items():
        write("cursor", name, content)


def rfc3339_seeds():
    seeds = ["2026-11-24T10:00:00Z", "2026-11-24T10:00:00.123Z", "2026-11-24t10:00:00.999999999z",
             "2026-11-25T00:30:00+14:30", "2026-11-24T04:30:00-05:30", "2026-11-24 10:00:00.123+00",
             "2024-02-29T23:59:59.999+01", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z",
             "9999-12-31T23:59:59.999Z", "2026-02-29T00:00:00Z", "2026-11-24T10:00:60Z", "2026-11-24T10:00:00+01:"]
    for i, s in enumerate(seeds):
        write("rfc3339", f"seed-{i:02d}", s)


if __name__ == "__main__":
    http_seeds()
    rrule_seeds()
    jwt_seeds()
    event_seeds()
    cursor_seeds()
    rfc3339_seeds()
