"""Times tokku.extract_many over the test corpus with 1 and with 2 jobs (run from anywhere;
build with `make python` first for figures of the optimized build). Not a test: the
figures depend on the machine and on what else runs on it."""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))

from conftest import REPO, corpus_paths  # noqa: E402

import tokku  # noqa: E402


def seconds(paths, jobs):
    started = time.perf_counter()
    count = sum(1 for _ in tokku.extract_many(paths, jobs=jobs))
    assert count == len(paths)
    return time.perf_counter() - started


def main():
    os.chdir(REPO)
    paths = corpus_paths()
    rounds = int(os.environ.get("ROUNDS", "3"))
    cpu = time.process_time()
    best = {jobs: min(seconds(paths, jobs) for _ in range(rounds)) for jobs in (1, 2)}
    print(f"{len(paths)} documents, best of {rounds} rounds, CPU {time.process_time() - cpu:.1f} s in all")
    for jobs, elapsed in best.items():
        print(f"jobs={jobs}: {elapsed:.2f} s ({len(paths) / elapsed:.1f} documents/s)")
    print(f"2 jobs / 1 job: {best[1] / best[2]:.2f}x the throughput")


if __name__ == "__main__":
    main()
