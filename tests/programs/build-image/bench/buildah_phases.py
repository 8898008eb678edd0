#!/usr/bin/env python3
"""Where a buildah build's seconds go: the phase table of build_cache_bench's
traces (FLYPIN_BENCH_TRACE=DIR: every output line with its second).

  buildah_phases.py DIR     medians per phase of the cached and uncached builds
"""
import glob
import re
import statistics
import sys

HEX_ID = re.compile(r"[0-9a-f]{64}")


def lines_of(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\s*([0-9.]+) (.*)", line)
            if m:
                out.append((float(m.group(1)), m.group(2)))
    return out


def first(lines, pred, start=0):
    for i in range(start, len(lines)):
        if pred(lines[i][1]):
            return i
    raise ValueError("marker not found")


def phases(path):
    lines = lines_of(path)
    at = lambda i: lines[i][0]  # noqa: E731
    step1 = first(lines, lambda x: x.startswith("STEP 1/"))
    step2 = first(lines, lambda x: x.startswith("STEP 2/"))
    step3 = first(lines, lambda x: x.startswith("STEP 3/"))
    tagged = first(lines, lambda x: x.startswith("Successfully tagged"))
    pushes = 0.0
    for i in range(step3, tagged):
        if lines[i][1].startswith("--> Pushing cache"):
            done = first(lines, lambda x: x.startswith("--> ") and not x.startswith("--> Pushing"), i + 1)
            pushes += at(done) - at(i)
    image_id = first(lines, lambda x: HEX_ID.fullmatch(x) is not None, tagged)
    confirming = first(lines, lambda x: "pushed; confirming" in x)
    confirmed = first(lines, lambda x: "build-image: confirmed" in x)
    return {
        "start to STEP 1": at(step1),
        "FROM (base pull)": at(step2) - at(step1),
        "RUN, or its cache pulled": at(step3) - at(step2),
        "later steps (run, commit)": at(tagged) - at(step3) - pushes,
        "later steps' cache pushes": pushes,
        "build ends": at(image_id) - at(tagged),
        "image push": at(confirming) - at(image_id),
        "read back": at(confirmed) - at(confirming),
        "total": lines[-1][0],
    }


def table(title, paths):
    if not paths:
        return
    rows = [phases(p) for p in paths]
    print(f"{title} (N={len(rows)}), seconds: median, then each build")
    for key in rows[0]:
        values = [r[key] for r in rows]
        print(f"  {key:28s} {statistics.median(values):6.2f}   " + " ".join(f"{v:6.2f}" for v in values))


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    named = [(re.search(r"buildah-(\d+)-(registry|none)\.log$", p), p) for p in glob.glob(sys.argv[1] + "/buildah-*")]
    traces = [p for _, p in sorted((int(m.group(1)), p) for m, p in named if m)]
    # The first registry build is the warm-up that writes the cache.
    table("cached", [p for p in traces if p.endswith("-registry.log")][1:])
    table("uncached", [p for p in traces if p.endswith("-none.log")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
