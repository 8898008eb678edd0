#!/usr/bin/env python3
"""clang-format --dry-run -Werror over C++ files, with the repository's .clang-format.

usage: check_format.py [--exclude DIR]... [--list] PATH...
  PATH      a file, or a folder searched for *.cc, *.h, *.cpp, *.hpp (node_modules skipped)
  --exclude a folder left out (deliberately bad fixtures)
  --list    print the drifting files, one per line, and exit 0:
            clang-format -i $(tests/lint/check_format.py --list src tests) reformats them

Prints each drifting file (path: not clang-formatted) and exits 1; exits 0 when
every checked file is formatted.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

SUFFIXES = (".cc", ".h", ".cpp", ".hpp")
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# clang-format names each drifting file in its warnings: "<file>:<line>:<col>: error: ...".
VIOLATION = re.compile(r"^(.+?):\d+:\d+: (?:error|warning): code should be clang-formatted")


def files_under(paths, excludes):
    found = []
    for path in paths:
        if os.path.isfile(path):
            found.append(os.path.abspath(path))
            continue
        if not os.path.isdir(path):
            raise SystemExit(f"check_format: {path}: no such file or folder")
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d != "node_modules"
                                 and os.path.abspath(os.path.join(dirpath, d)) not in excludes)
            found += [os.path.abspath(os.path.join(dirpath, n)) for n in sorted(filenames) if n.endswith(SUFFIXES)]
    return found


def drifting(clang_format, files):
    """The files clang-format would change; chunks of files checked on every core."""

    def check(chunk):
        run = subprocess.run([clang_format, "--style=file", "--dry-run", "-Werror", *chunk],
                             capture_output=True, text=True)
        named = {os.path.abspath(m.group(1)) for m in map(VIOLATION.match, run.stderr.splitlines()) if m}
        if run.returncode != 0 and not named:
            raise SystemExit(f"check_format: {clang_format} failed:\n{run.stderr}")
        return named

    chunks = [files[start:start + 40] for start in range(0, len(files), 40)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return set().union(*pool.map(check, chunks))


def main():
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--clang-format", default="clang-format")
    args = parser.parse_args()

    clang_format = shutil.which(args.clang_format)
    if not clang_format:
        print(f"check_format: {args.clang_format} not found (scripts/install-deps.sh installs clang-format)")
        return 2
    files = files_under(args.paths, {os.path.abspath(e) for e in args.exclude})
    bad = drifting(clang_format, files)
    shown = {f: os.path.relpath(f, ROOT) if f.startswith(ROOT + os.sep) else f for f in files}

    if args.list:
        for f in files:
            if f in bad:
                print(shown[f])
        return 0

    failing = [f for f in files if f in bad]
    for f in failing:
        print(f"{shown[f]}: not clang-formatted (clang-format -i {shown[f]})")
    print(f"check_format: {len(files)} files, {len(failing)} not formatted", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
