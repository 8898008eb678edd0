#!/usr/bin/env python3
"""The workflows users copy cannot drift from the ones this repository runs.

Each examples/workflows/NAME.yml is the copy of .github/workflows/NAME.yml that
a user takes: the two differ only where the repository uses its own checkout
and the copy uses the released actions,

  uses: ./                 ->  uses: flypin/flypin@v1
  uses: ./actions/ACTION   ->  uses: flypin/flypin/actions/ACTION@v1

and, because a local action needs the repository on disk, the repository's
file may check it out (`- uses: actions/checkout@v4`) directly before its
`- uses: ./` step where the copy does not. Anything else that differs, a copy
without its repository file, or a copy still naming a local action is reported,
one line each; exit 1 when anything is.

usage: check_workflow_copies.py [--root DIR]
"""

import argparse
import difflib
import pathlib
import re
import sys

OWN = ".github/workflows"
COPIES = "examples/workflows"
RELEASE = "v1"  # the major tag a copy uses: the one users pin (README, action.yml)

USES = re.compile(r"^(?P<lead>\s*(?:-\s+)?uses:\s*)(?P<ref>\S+)(?P<rest>.*)$")
CHECKOUT = re.compile(r"^\s*-\s+uses:\s*actions/checkout@\S+\s*$")


def released(line):
    """`line` of the repository's file as its copy has it (the uses-path mapping)."""
    m = USES.match(line)
    if not m:
        return line
    ref = m.group("ref")
    if ref in ("./", "."):
        ref = f"flypin/flypin@{RELEASE}"
    elif ref.startswith("./actions/"):
        ref = f"flypin/flypin/actions/{ref[len('./actions/'):].rstrip('/')}@{RELEASE}"
    return m.group("lead") + ref + m.group("rest")


def is_install(line, ref):
    m = USES.match(line)
    return bool(m) and m.group("ref") == ref and line.lstrip().startswith("-")


def expected_copy(own_lines, copy_lines):
    """The repository's lines mapped to the copy's form, each with its line number
    in the repository's file. The k-th `- uses: ./` of the repository is the k-th
    install step of the copy: a checkout right before it is left out when the
    copy's install step has none right before it."""
    released_install = f"flypin/flypin@{RELEASE}"
    copy_checks_out = [i > 0 and bool(CHECKOUT.match(copy_lines[i - 1]))
                       for i, line in enumerate(copy_lines) if is_install(line, released_install)]
    out = []
    installs = 0
    for i, line in enumerate(own_lines):
        if is_install(line, "./"):
            installs += 1
        elif CHECKOUT.match(line) and i + 1 < len(own_lines) and is_install(own_lines[i + 1], "./"):
            k = installs  # the install step that follows is the k-th (from 0)
            if k >= len(copy_checks_out) or not copy_checks_out[k]:
                continue
        out.append((i + 1, released(line)))
    return out


def compare(root, name):
    own_path = root / OWN / name
    copy_path = root / COPIES / name
    problems = []
    copy_lines = copy_path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(copy_lines, 1):
        m = USES.match(line)
        if m and m.group("ref").startswith("./"):
            problems.append(f"{COPIES}/{name}:{n}: a copy names the local action '{m.group('ref')}' "
                            f"(a user's repository has none; use flypin/flypin/...@{RELEASE})")
    if not own_path.exists():
        problems.append(f"{COPIES}/{name}: no {OWN}/{name} it is the copy of")
        return problems
    own_lines = own_path.read_text(encoding="utf-8").splitlines()
    expected = expected_copy(own_lines, copy_lines)
    want = [text for _, text in expected]
    matcher = difflib.SequenceMatcher(a=want, b=copy_lines, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "replace" and a1 - a0 == b1 - b0:
            for k, c in zip(range(a0, a1), range(b0, b1)):
                problems.append(f"{COPIES}/{name}:{c + 1}: '{copy_lines[c].strip()}', but {OWN}/{name}:"
                                f"{expected[k][0]} makes it '{want[k].strip()}'")
            continue
        if tag in ("replace", "delete"):
            for k in range(a0, a1):
                problems.append(f"{COPIES}/{name}: lacks {OWN}/{name}:{expected[k][0]}, '{want[k].strip()}'")
        if tag in ("replace", "insert"):
            for c in range(b0, b1):
                problems.append(f"{COPIES}/{name}:{c + 1}: '{copy_lines[c].strip()}' is not in {OWN}/{name}")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parents[2]))
    args = parser.parse_args(argv)
    root = pathlib.Path(args.root)
    copies = sorted(p.name for p in (root / COPIES).glob("*.yml"))
    if not copies:
        print(f"{COPIES}: no workflows to check")
        return 1
    problems = []
    for name in copies:
        problems += compare(root, name)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} difference(s) beyond the uses: mapping", file=sys.stderr)
        return 1
    print(f"{len(copies)} copies match {OWN} but for the uses: mapping", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
