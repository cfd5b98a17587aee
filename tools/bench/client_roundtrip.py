"""``gradio_client.predict`` (or ``blocks_client``'s) round trips against one app, timed.

    python client_roundtrip.py URL --calls 40 --warmup 5 [--client blocks_client]

Run by ``api.py``. Runs with any interpreter that has the client: for
``gradio_client`` the Gradio venv's, so the same client measures both frameworks;
``blocks_client`` (the websocket protocol) works against Blocks only. Connects
once, calls ``/echo`` the warm-up count of times, then times each of ``--calls``
sequential ``predict`` calls; prints one JSON object. Loopback URLs only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from urllib.parse import urlsplit

TEXT = "hello benchmark"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--client", choices=("gradio_client", "blocks_client"),
                        default="gradio_client")
    options = parser.parse_args()
    if urlsplit(options.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("only loopback URLs")
    if options.client == "blocks_client":
        from blocks_client import Client
    else:
        from gradio_client import Client
    start = time.perf_counter()
    client = Client(options.url, verbose=False)
    connect = time.perf_counter() - start
    for _ in range(options.warmup):
        client.predict(TEXT, api_name="/echo")
    times = []
    for _ in range(options.calls):
        start = time.perf_counter()
        result = client.predict(TEXT, api_name="/echo")
        times.append(time.perf_counter() - start)
        if result != TEXT:
            raise SystemExit(f"unexpected result {result!r}")
    client.close()
    times.sort()
    print(json.dumps({"calls": len(times), "connect_ms": connect * 1000,
                      "median_ms": statistics.median(times) * 1000,
                      "p90_ms": times[int(0.9 * (len(times) - 1))] * 1000,
                      "min_ms": times[0] * 1000}))


if __name__ == "__main__":
    main()
