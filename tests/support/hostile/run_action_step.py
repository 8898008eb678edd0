#!/usr/bin/env python3
"""Run one `run:` step of a composite action the way the runner would.

usage: run_action_step.py ACTION_YML STEP_ID [--input NAME=VALUE]... [--output STEP.NAME=VALUE]...

The step's `env:` is evaluated (`${{ inputs.X }}` from --input or the input's
default, `${{ steps.S.outputs.O }}` from --output, `${{ github.X }}` empty),
then this process becomes `bash --noprofile --norc -eo pipefail SCRIPT` with
that environment added to its own, so signals sent to it reach the step.
Exit status 3 when the action has no such step.
"""
import os
import re
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    action_path, step_id = argv[1], argv[2]
    inputs, outputs = {}, {}
    rest = argv[3:]
    while rest:
        flag, value = rest[0], rest[1]
        rest = rest[2:]
        name, _, text = value.partition("=")
        (inputs if flag == "--input" else outputs)[name] = text
    with open(action_path) as f:
        action = yaml.safe_load(f)
    for name, spec in (action.get("inputs") or {}).items():
        inputs.setdefault(name, str((spec or {}).get("default", "")))
    steps = [s for s in action["runs"]["steps"] if s.get("id") == step_id]
    if not steps:
        print(f"{action_path} has no step {step_id}", file=sys.stderr)
        sys.exit(3)
    step = steps[0]

    def evaluate(match):
        expr = match.group(1)
        if expr.startswith("inputs."):
            return inputs.get(expr[len("inputs."):], "")
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            return outputs.get(f"{m.group(1)}.{m.group(2)}", "")
        if expr.startswith("github."):
            return ""
        sys.exit(f"step {step_id}: cannot evaluate ${{{{ {expr} }}}}")

    env = dict(os.environ)
    for name, value in (step.get("env") or {}).items():
        env[name] = EXPRESSION.sub(evaluate, str(value))
    script = tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False)
    script.write(step["run"])
    script.close()
    os.execve("/bin/bash", ["bash", "--noprofile", "--norc", "-eo", "pipefail", script.name], env)


if __name__ == "__main__":
    main(sys.argv)
