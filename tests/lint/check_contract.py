#!/usr/bin/env python3
"""One contract between each program, its composite action and the README.

For every program (a folder of src/cmd/ other than common):
  - each flag its --help lists has an action input: the step that runs the
    program (`exec <program>`) passes `--flag` (pin-image's `mode` input passes
    --dry-run, --status, ...),
    unless the README's section of the program lists it after "Command-line
    only:"; every flag listed there exists;
  - each output the program writes (the {"name", value} entries of
    src/cmd/<program>/outputs.cc, its one list of outputs) is declared in
    actions/<program>/action.yml, and every output the action takes from the
    program's step is one the program writes;
  - the README's `## <program>` section names each flag (`--flag`) and each
    output (`name`);
  - its --help has the sections Environment:, Outputs: and Exit status:, and
    the Outputs section names every output.

usage: check_contract.py --bin DIR [--root DIR]
Prints one line per violation ("<file>: <what>") and exits 1 when there is
any, 0 when there is none, 2 on a usage or set-up error.
"""

import argparse
import os
import re
import subprocess
import sys

import yaml

ALWAYS_CLI_ONLY = {"--help", "--version"}
HELP_SECTIONS = ("Environment:", "Outputs:", "Exit status:")
OUTPUT_ENTRY = re.compile(r'\{\s*"([a-z][a-z0-9-]*)"\s*,')
HELP_FLAG = re.compile(r"^\s+(?:-[A-Za-z],)?(--[a-z][a-z0-9-]*)")
README_FLAG = re.compile(r"--[a-z][a-z0-9-]*")
STEP_OUTPUT = re.compile(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")


class SetupError(Exception):
    pass


def programs_of(root):
    cmd = os.path.join(root, "src", "cmd")
    return sorted(d for d in os.listdir(cmd) if d != "common" and os.path.isdir(os.path.join(cmd, d)))


def help_of(bin_dir, program):
    path = os.path.join(bin_dir, program)
    if not os.access(path, os.X_OK):
        raise SetupError(f"{path} is missing: build the programs first")
    run = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=30)
    if run.returncode != 0:
        raise SetupError(f"{path} --help exited {run.returncode}: {run.stderr.strip()}")
    return run.stdout


def help_flags(text):
    flags = []
    for line in text.splitlines():
        m = HELP_FLAG.match(line)
        if m and m.group(1) not in flags:
            flags.append(m.group(1))
    return flags


def help_section(text, heading):
    """The text of a section, from its heading to the next line that starts a section."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(heading):
            body = [line[len(heading):]]
            for rest in lines[i + 1:]:
                if re.match(r"^[A-Z][A-Za-z ]*:", rest):
                    break
                body.append(rest)
            return "\n".join(body)
    return None


def outputs_written(root, program):
    path = os.path.join(root, "src", "cmd", program, "outputs.cc")
    with open(path, encoding="utf-8") as f:
        names = []
        for name in OUTPUT_ENTRY.findall(f.read()):
            if name not in names:
                names.append(name)
    if not names:
        raise SetupError(f"{path}: no {{\"name\", value}} output entries found")
    return names


def readme_sections(root):
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        text = f.read()
    sections = {}
    for m in re.finditer(r"^## (.+)$", text, re.M):
        end = text.find("\n## ", m.end())
        sections[m.group(1).strip()] = text[m.end():end if end != -1 else len(text)]
    return sections


def command_line_only(section):
    m = re.search(r"Command-line only:(.*?)(?:\n\n|$)", section, re.S)
    return README_FLAG.findall(m.group(1)) if m else []


def program_steps(action, program):
    """The steps that run the program with the user's inputs: those that `exec` it
    (so that a cancel's signal reaches it). A backstop such as smoke-machine's
    reap runs it too, but with flags of its own, not inputs."""
    return [step for step in action.get("runs", {}).get("steps", [])
            if re.search(rf"\bexec {re.escape(program)}\b", step.get("run", ""))]


def check(root, bin_dir):
    problems = []
    sections = readme_sections(root)
    for program in programs_of(root):
        action_rel = f"actions/{program}/action.yml"
        with open(os.path.join(root, action_rel), encoding="utf-8") as f:
            action_text = f.read()
        action = yaml.safe_load(action_text)
        help_text = help_of(bin_dir, program)
        flags = help_flags(help_text)
        outputs = outputs_written(root, program)
        section = sections.get(program)
        cli_only = command_line_only(section) if section is not None else []

        for flag in cli_only:
            if flag not in flags:
                problems.append(f"README.md: {program}: '{flag}' is listed as command-line only but is no flag of {program}")
        steps = program_steps(action, program)
        if not steps:
            problems.append(f"{action_rel}: no step runs '{program}' with exec")
        scripts = "\n".join(step.get("run", "") for step in steps)
        for flag in flags:
            if flag in ALWAYS_CLI_ONLY or flag in cli_only:
                continue
            if not re.search(rf"{re.escape(flag)}(?![a-z0-9-])", scripts):
                problems.append(f"{action_rel}: {program} {flag} has no input (or list it after "
                                f"'Command-line only:' in README.md's {program} section)")

        declared = action.get("outputs") or {}
        for name in outputs:
            if name not in declared:
                problems.append(f"{action_rel}: {program} writes output '{name}', which the action does not declare")
        runs_program = {step.get("id") for step in steps}
        for name, spec in declared.items():
            for step, output in STEP_OUTPUT.findall(str((spec or {}).get("value", ""))):
                if step in runs_program and output not in outputs:
                    problems.append(f"{action_rel}: output '{name}' takes '{output}', which {program} never writes")

        if section is None:
            problems.append(f"README.md: no '## {program}' section")
        else:
            named = set(README_FLAG.findall(section))
            for flag in flags:
                if flag not in ALWAYS_CLI_ONLY and flag not in named:
                    problems.append(f"README.md: the {program} section does not name {flag}")
            for name in outputs:
                if f"`{name}`" not in section:
                    problems.append(f"README.md: the {program} section does not name output `{name}`")

        for heading in HELP_SECTIONS:
            if help_section(help_text, heading) is None:
                problems.append(f"{program} --help: no '{heading}' section")
        listed = help_section(help_text, "Outputs:")
        if listed is not None:
            for name in outputs:
                if not re.search(rf"(?<![a-z0-9-]){re.escape(name)}(?![a-z0-9-])", listed):
                    problems.append(f"{program} --help: the Outputs section does not name '{name}'")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="directory of the built programs")
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args(argv)
    try:
        problems = check(os.path.abspath(args.root), os.path.abspath(args.bin))
    except (SetupError, OSError, yaml.YAMLError, subprocess.TimeoutExpired) as e:
        print(f"check_contract: {e}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
