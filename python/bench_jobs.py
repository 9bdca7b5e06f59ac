"""Times tokku.extract_many over the test corpus with 1 and with 2 jobs (run from anywhere;
build with `make python` first for figures of the optimized build). Not a test: the
figures depend on the machine and on what else runs on it."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))

from conftest import REPO, corpus_paths  # noqa: E402

import tokku  # noqa: E402


def run(paths, jobs):
    """Wall and CPU seconds (all threads) of one pass, records parsed into dicts."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in tokku.extract_many(paths, jobs=jobs))
    assert count == len(paths)
    return time.perf_counter() - wall, time.process_time() - cpu


def main():
    os.chdir(REPO)
    copies = int(os.environ.get("COPIES", "3"))
    rounds = int(os.environ.get("ROUNDS", "3"))
    paths = corpus_paths() * copies
    runs = {1: [], 2: []}
    for _ in range(rounds):
        for jobs in runs:  # alternated, so a change of the machine's load hits both
            runs[jobs].append(run(paths, jobs))
    print(f"{len(paths)} documents ({copies} x the test corpus), {rounds} rounds")
    for jobs, measured in runs.items():
        wall, cpu = min(measured)
        print(f"jobs={jobs}: best {wall:.2f} s wall ({len(paths) / wall:.0f} documents/s), {cpu:.2f} s CPU")
    print(f"2 jobs / 1 job: {min(runs[1])[0] / min(runs[2])[0]:.2f}x the throughput")


if __name__ == "__main__":
    main()
