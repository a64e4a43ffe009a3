#!/usr/bin/env python3
"""Queries the request log written by smoke_app.py.

    reqlog.py <log> count <METHOD> <path prefix> [body substring]
    reqlog.py <log> last  <METHOD> <path prefix> [body substring]   (JSON)
    reqlog.py <log> all   <METHOD> <path prefix> [body substring]   (JSON lines)
"""
import json
import sys


def entries(log, method, prefix, needle):
    try:
        with open(log, encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                if e["method"] != method or not e["path"].startswith(prefix):
                    continue
                if needle and needle not in e["body"]:
                    continue
                yield e
    except FileNotFoundError:
        return


def main():
    log, cmd, method, prefix = sys.argv[1:5]
    needle = sys.argv[5] if len(sys.argv) > 5 else ""
    found = list(entries(log, method, prefix, needle))
    if cmd == "count":
        print(len(found))
    elif cmd == "last":
        if not found:
            sys.exit(1)
        print(json.dumps(found[-1], indent=1, sort_keys=True))
    elif cmd == "all":
        for e in found:
            print(json.dumps(e, sort_keys=True))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
