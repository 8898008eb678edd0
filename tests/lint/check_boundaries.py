#!/usr/bin/env python3
"""Module boundaries of src/ and tests/ (CONTRIBUTING.md, "Layout"), checked on every quoted #include.

The ladder points one way: core <- clients <- cmd.
  - core includes nothing of ours outside core;
  - a client (gha, registry, supabase, fly, github) includes only core; builders
    also includes registry (the deployment-tag rule);
  - cmd/common includes core and the clients; a program (cmd/<name>) includes
    those and cmd/common, never another program;
  - src/ never includes tests/: the one exception is a unit test (*_test.cc),
    which may include the test doubles, "support/doubles/<name>.h".
A quoted include must name a file from src/ ("<module>/<file>.h"); a folder of
src/ that is not on the ladder below is itself a violation.

tests/ has one floor plan (TEST_AREAS below); its includes are rooted at tests/
("support/testbed/testbed.h") or name src/. Everything links down into support/:
  - support/<lib> includes src/ and support/, never a test;
  - an emulator (emulators/<service>) includes src/core, emulators/common and
    itself; its e2e/ tests and realclients/ also include support/;
  - modules/<module> and programs/<program> include src/, support/ and their own
    folder, never each other;
  - fuzz/ includes src/ and support/doubles.
A folder of tests/ that is not in TEST_AREAS is itself a violation.

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
DOUBLES = "support/doubles/"
TEST_ROOTS = ("support", "emulators", "modules", "programs")
# tests/<top>/<name>: the areas of tests/ and what each may include of tests/
# (besides its own folder) and of src/ ("*" every module, or a set).
TEST_AREAS = {
    "support": ({"support"}, "*"),
    "emulators/common": (set(), {"core"}),
    "emulators/realclients": ({"support"}, "*"),
    "emulators/e2e": ({"support"}, "*"),  # emulators/<service>/e2e
    "emulators": ({"emulators/common"}, {"core"}),  # emulators/<service>
    "modules": ({"support"}, "*"),
    "programs": ({"support"}, "*"),
    "fuzz": ({DOUBLES.rstrip("/")}, "*"),
}
TEST_FOLDERS_WITHOUT_CODE = {"lint", "workflow", "release", "sanitize"}
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
            if included.startswith(DOUBLES):
                if not is_unit_test:
                    out.append(f'{where}: "{included}" is a test double: only a *_test.cc may include tests/{DOUBLES}')
                elif not os.path.isfile(os.path.join(root, "tests", included)):
                    out.append(f'{where}: "{included}" is not in tests/{DOUBLES}')
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


def test_area(rel):
    """'emulators/fly/fleet/fleet.h' -> ('emulators', 'emulators/fly'); e2e of an emulator -> 'emulators/e2e'."""
    parts = rel.split("/")
    top = parts[0]
    if top == "emulators" and len(parts) > 2:
        own = "emulators/" + parts[1]
        if own in TEST_AREAS:
            return own, own
        if parts[2] == "e2e":
            return "emulators/e2e", own
        return "emulators", own
    if top in ("support", "modules", "programs") and len(parts) > 2:
        return top, f"{top}/{parts[1]}"
    return top, top


def check_test_file(root, rel, out):
    """rel: the file's path under tests/. Appends violations to out."""
    area, own = test_area(rel)
    tests_allowed, src_allowed = TEST_AREAS[area]
    with open(os.path.join(root, "tests", rel), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            included = m.group(1)
            where = f"tests/{rel}:{number}"
            normal = os.path.normpath(included)
            if normal.split("/")[0] in TEST_ROOTS:
                if not os.path.isfile(os.path.join(root, "tests", normal)):
                    out.append(f'{where}: "{included}" is not a file under tests/')
                    continue
                _, target = test_area(normal)
                if target == own or target.startswith(own + "/") or any(
                        normal.startswith(a + "/") for a in tests_allowed):
                    continue
                out.append(f'{where}: {own} may not include "{included}": {test_rule(area, own)}')
                continue
            if normal.startswith("..") or not os.path.isfile(os.path.join(root, "src", normal)):
                out.append(f'{where}: "{included}" is neither under tests/ nor src/: name it from the root '
                           f'("support/testbed/testbed.h", "core/json.h")')
                continue
            if src_allowed != "*" and module_of(normal) not in src_allowed:
                out.append(f'{where}: {own} may not include "{included}": {test_rule(area, own)}')


def test_rule(area, own):
    if area == "support":
        return "support/ is what tests link down into: it never includes a test"
    if area.startswith("emulators"):
        return "an emulator stands alone: src/core, emulators/common and its own rooms (its e2e/ tests add support/)"
    if area == "fuzz":
        return "fuzz targets include src/ and support/doubles"
    return f"{own} includes src/, support/ and its own folder (programs and modules never include each other)"


def check_tests(root, violations):
    tests = os.path.join(root, "tests")
    files = 0
    if not os.path.isdir(tests):
        return 0
    for top in sorted(os.listdir(tests)):
        path = os.path.join(tests, top)
        if not os.path.isdir(path) or top in TEST_FOLDERS_WITHOUT_CODE:
            continue
        if top not in TEST_AREAS and top not in TEST_ROOTS:
            violations.append(f"tests/{top}: not an area of the floor plan (tests/lint/check_boundaries.py, "
                              f"CONTRIBUTING.md): add it to both")
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if d != "node_modules")
            for name in sorted(filenames):
                if name.endswith(SOURCE_SUFFIXES):
                    files += 1
                    check_test_file(root, os.path.relpath(os.path.join(dirpath, name), tests), violations)
    return files


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
                        help="the tree holding src/ and tests/")
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

    test_files = check_tests(root, violations)
    for v in violations:
        print(v)
    if violations:
        print(f"check_boundaries: {len(violations)} violation(s) in {files + test_files} files", file=sys.stderr)
        return 1
    print(f"check_boundaries: {files} files under src/ and {test_files} under tests/ keep the boundaries",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
