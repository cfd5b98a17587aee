"""Run the benchmarks: ``python tools/bench/run.py [NAME ...]`` (all when none is named).

    python3 tools/dev.py bench                 every benchmark, in the bench environment
    python3 tools/dev.py bench -- import       only the import-time benchmark
    python tools/bench/run.py --list           what there is

Each benchmark prints its details, then this prints one table of every
figure (``--json FILE`` also writes them). Nothing here fails on a number:
speed is reported, not asserted.

To add a benchmark: a module beside this one with ``NAME`` and
``run(options) -> list[common.Row]``, and an entry in ``BENCHES``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time

import api
import chat_stream
import dataframe
import events
import flood
import import_time
import install_size
import media_stream
import media_weight
import memory
import one_core
import page_weight
import plot_weight
import render
import targets
import upload
import workers
from common import Row, format_number, heading, table

# name -> function(options) -> list[Row]; run in this order.
BENCHES = {
    import_time.NAME: import_time.run,
    install_size.NAME: install_size.run,
    render.NAME: render.run,
    page_weight.NAME: page_weight.run,
    events.NAME: events.run,
    one_core.NAME: one_core.run,
    chat_stream.NAME: chat_stream.run,
    memory.NAME: memory.run,
    api.NAME: api.run,
    flood.NAME: flood.run,
    workers.NAME: workers.run,
    dataframe.NAME: dataframe.run,
    plot_weight.NAME: plot_weight.run,
    upload.NAME: upload.run,
    media_weight.NAME: media_weight.run,
    media_stream.NAME: media_stream.run,
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tools/bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("benches", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(BENCHES)})")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--python", help="interpreter the import benchmark runs "
                        "(default: this one, where blocks is installed)")
    parser.add_argument("--repeat", type=int, default=10,
                        help="fresh interpreters per import figure (default: 10)")
    parser.add_argument("--top", type=int, default=10, help="length of top-N lists (default: 10)")
    parser.add_argument("--duration", type=float, default=6.0,
                        help="events, api: seconds measured per concurrency level (default: 6)")
    parser.add_argument("--warmup", type=float, default=1.5,
                        help="events, api: seconds of load before measuring (default: 1.5)")
    parser.add_argument("--sessions", type=int, default=10_000,
                        help="memory: the larger count of idle Blocks sessions (default: 10000)")
    parser.add_argument("--upload-size", type=int, default=1_000_000_000,
                        help="upload: bytes of the uploaded file (default: 1 GB)")
    parser.add_argument("--before", metavar="REF",
                        help="page: also measure Blocks as it was at this git ref (e.g. main)")
    parser.add_argument("--profile", metavar="DIR",
                        help="one-core: also write py-spy's profile of the server to DIR")
    parser.add_argument("--baseline", metavar="CHECKOUT",
                        help="one-core: also measure the core of another checkout of Blocks, "
                             "in turns with this one")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    options = parser.parse_args(argv)
    unknown = [name for name in options.benches if name not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not 0 < options.duration <= 60 or not 0 <= options.warmup <= 30:
        parser.error("--duration must be in (0, 60] and --warmup in [0, 30] seconds")
    if not 1 <= options.sessions <= 10_000:
        parser.error("--sessions must be between 1 and 10000")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    if options.list:
        for name, function in BENCHES.items():
            doc = (sys.modules[function.__module__].__doc__ or "").strip().splitlines()
            print(f"{name:10} {doc[0] if doc else ''}")
        return 0
    print(f"Python {platform.python_version()} on {platform.platform()}, "
          f"{platform.machine()}")
    rows: list[Row] = []
    for name in options.benches or list(BENCHES):
        heading(f"benchmark: {name}")
        start = time.perf_counter()
        rows += BENCHES[name](options)
        print(f"({name} took {time.perf_counter() - start:.1f} s)")
    heading("results")
    print(table(["benchmark", "measure", "value", "unit", "note"],
                [[r.bench, r.measure, format_number(r.value), r.unit, r.note] for r in rows],
                "llrll"))
    targets.report(rows)
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump([row.as_dict() for row in rows], handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
