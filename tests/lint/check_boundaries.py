#!/usr/bin/env python3
"""Module boundaries of src/ (CONTRIBUTING.md, "Layout"), checked on every quoted #include.

The ladder points one way: core <- clients <- cmd.
  - core includes nothing of ours outside core;
  - a client (gha, registry, supabase, fly, github) includes only core; builders
    also includes registry (the deployment-tag rule);
  - cmd/common includes core and the clients; a program (cmd/<name>) includes
    those and cmd/common, never another program;
  - src/ never includes tests/: the one exception is a unit test (*_test.cc),
    which may include the test doubles, "doubles/<name>.h" (tests/doubles).
A quoted include must name a file from src/ ("<module>/<file>.h"); a folder of
src/ that is not on the ladder below is itself a violation.

Prints one line per violation (path:line: message) and exits 1; exits 0 when
the boundaries hold.  usage: check_boundaries.py [--root DIR]
"""

import argparse
import os
import re
import sys

CLIENTS = {"gha", "registry", "supabase", "fly", "github", "builders"}
# What each module may include besides itself.
LADDER = {
    "core": set(),
    "gha": {"core"},
    "registry": {"core"},
    "supabase": {"core"},
    "fly": {"core"},
    "github": {"core"},
    "builders": {"core", "registry"},
    "cmd/common": {"core"} | CLIENTS,
}
PROGRAM_MAY_INCLUDE = {"core", "cmd/common"} | CLIENTS
SOURCE_SUFFIXES = (".cc", ".h")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def module_of(rel):
    """'fly/client.h' -> 'fly'; 'cmd/pin-image/main.cc' -> 'cmd/pin-image'."""
    parts = rel.split("/")
    if parts[0] == "cmd" and len(parts) > 2:
        return "cmd/" + parts[1]
    return parts[0]


def allowed(module):
    if module in LADDER:
        return LADDER[module]
    if module.startswith("cmd/"):
        return PROGRAM_MAY_INCLUDE
    return None


def check_file(root, rel, out):
    """rel: the file's path under src/. Appends violations to out."""
    module = module_of(rel)
    may_include = allowed(module)
    is_unit_test = rel.endswith("_test.cc")
    with open(os.path.join(root, "src", rel), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            included = m.group(1)
            where = f"src/{rel}:{number}"
            if included.startswith("doubles/"):
                if not is_unit_test:
                    out.append(f'{where}: "{included}" is a test double: only a *_test.cc may include tests/doubles')
                elif not os.path.isfile(os.path.join(root, "tests", included)):
                    out.append(f'{where}: "{included}" is not in tests/doubles')
                continue
            normal = os.path.normpath(included)
            if normal.startswith("..") or not os.path.isfile(os.path.join(root, "src", normal)):
                out.append(f'{where}: "{included}" is not a file under src/: src/ never includes tests/ or '
                           f"includes by a relative path (name it \"<module>/<file>\")")
                continue
            target = module_of(normal)
            if target == module or may_include is None:
                continue
            if target not in may_include:
                out.append(f'{where}: {module} may not include "{included}" ({target}): {rule(module, target)}')


def rule(module, target):
    if module == "core":
        return "core includes nothing of ours outside core"
    if module in CLIENTS:
        return f"clients never include each other ({module} may include {', '.join(sorted(LADDER[module]))})"
    if target.startswith("cmd/"):
        return "programs never include each other (shared code goes to cmd/common)"
    return f"{target} is not on the ladder"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                        help="the tree holding src/ (and tests/doubles)")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    src = os.path.join(root, "src")
    if not os.path.isdir(src):
        print(f"check_boundaries: no src/ in {root}", file=sys.stderr)
        return 2

    violations, files = [], 0
    for entry in sorted(os.listdir(src)):
        path = os.path.join(src, entry)
        if not os.path.isdir(path):
            continue
        modules = [f"cmd/{p}" for p in sorted(os.listdir(path)) if os.path.isdir(os.path.join(path, p))] \
            if entry == "cmd" else [entry]
        for module in modules:
            if allowed(module) is None:
                violations.append(f"src/{module}: not a module of the ladder (tests/lint/check_boundaries.py, "
                                  f"CONTRIBUTING.md): add it to both")
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES):
                    files += 1
                    check_file(root, os.path.relpath(os.path.join(dirpath, name), src), violations)

    for v in violations:
        print(v)
    if violations:
        print(f"check_boundaries: {len(violations)} violation(s) in {files} files", file=sys.stderr)
        return 1
    print(f"check_boundaries: {files} files under src/ keep the module boundaries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
