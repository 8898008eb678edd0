#!/usr/bin/env python3
"""Proves a check catches what it should: runs CHECK on a fixture of bad files
and passes only when it fails (exit 1) reporting exactly the lines of EXPECTED.

usage: expect_violations.py EXPECTED -- CHECK [ARGS...]
"""

import subprocess
import sys


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        expected = [line.rstrip("\n") for line in f if line.strip()]
    run = subprocess.run(argv[3:], capture_output=True, text=True)
    reported = [line for line in run.stdout.splitlines() if line.strip()]
    ok = True
    if run.returncode != 1:
        print(f"expected the check to fail with exit status 1, got {run.returncode}")
        ok = False
    for line in sorted(set(expected) - set(reported)):
        print(f"not reported: {line}")
        ok = False
    for line in sorted(set(reported) - set(expected)):
        print(f"reported, not expected: {line}")
        ok = False
    sys.stderr.write(run.stderr)
    if ok:
        print(f"the check reported the {len(expected)} expected violation(s) and failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
