// `shell:` as the runner resolves it (actions/runner docs/adrs/0277): built-in
// keywords or a `command [options] {0} [more]` template; unspecified on Linux
// is `bash -e {0}`, or `sh -e {0}` without bash on PATH.
import { accessSync, constants } from "node:fs";
import { join } from "node:path";

const BUILT_IN = {
  bash: "bash --noprofile --norc -eo pipefail {0}",
  sh: "sh -e {0}",
  python: "python {0}",
};

function onPath(command, path) {
  return (path ?? "").split(":").some((dir) => {
    try {
      accessSync(join(dir || ".", command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

// Returns { command, args } with {0} replaced by scriptPath, plus the file extension.
export function shellCommand(shell, scriptPath, path) {
  let template;
  if (shell === undefined || shell === "") {
    template = onPath("bash", path) ? "bash -e {0}" : "sh -e {0}";
  } else if (BUILT_IN[shell]) {
    template = BUILT_IN[shell];
  } else if (["pwsh", "powershell", "cmd"].includes(shell)) {
    throw new Error(`shell '${shell}' is not supported by this runner (Linux only: bash, sh, python or a template with {0})`);
  } else {
    template = shell.includes("{0}") ? shell : `${shell} {0}`;
  }
  const words = template.trim().split(/\s+/);
  return { command: words[0], args: words.slice(1).map((w) => w.replace("{0}", scriptPath)) };
}

export function scriptExtension(shell) {
  return shell === "python" ? ".py" : ".sh";
}
