"""Run every benchmark module, print its Markdown report and keep a copy in bench/results/."""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

from bench import api, engine, scale, sla, volume

RESULTS_DIR = Path(__file__).resolve().parent / "results"

# name -> run(quick) returning a Markdown report
BENCHMARKS: dict[str, Callable[[bool], str]] = {
    "engine": engine.run,
    "sla": sla.run,
    "api": api.run,
    "scale": scale.run,
    "volume": volume.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short smoke run (seconds)")
    parser.add_argument("names", nargs="*", help=f"some of {', '.join(BENCHMARKS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for name, run in BENCHMARKS.items():
        if args.names and name not in args.names:
            continue
        gc.collect()
        began = time.perf_counter()
        report = run(args.quick)
        print(report, flush=True)
        (RESULTS_DIR / f"{name}.md").write_text(report, encoding="utf-8")
        print(f"({name}: {time.perf_counter() - began:.0f} s, written to bench/results/{name}.md)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
