// Remote actions this runner knows, handled as act on a laptop needs them.
// Everything else remote fails the step with a clear message: this runner
// never downloads an action.
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

// One cache entry per key in --cache-dir, as act's own cache server keeps them
// (--cache-server-path): a directory holding what `path` held.
function entryOf(dir, key) {
  if (!key || key.length > 512) throw new Error("actions/cache@v4: 'key' must be 1 to 512 characters");
  return join(dir, key.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_"));
}

export const REMOTE_ACTIONS = {
  // The workspace is already the checkout the workflow runs from.
  "actions/checkout@v4": ({ inputs, workspace, say }) => {
    for (const key of ["repository", "ref", "path"]) {
      if (inputs[key]) throw new Error(`actions/checkout@v4: '${key}' is not supported here (the workspace is the checkout)`);
    }
    say(`the workspace is already the checkout: ${workspace}`);
    return {};
  },
  // Without --cache-dir every lookup misses and nothing is saved. With it, an
  // exact key restores its entry into `path`; a miss saves `path` when the job
  // ends in success (the action's post step: post-if success()). One path, no
  // restore-keys.
  "actions/cache@v4": ({ inputs, workspace, say, cacheDir, atJobEnd }) => {
    if (!cacheDir) {
      say(`no cache on this runner: '${inputs.key ?? ""}' misses, nothing is saved`);
      return { "cache-hit": "false" };
    }
    const paths = (inputs.path ?? "").split("\n").map((p) => p.trim()).filter(Boolean);
    if (paths.length !== 1) throw new Error("actions/cache@v4: this runner caches exactly one 'path'");
    if (inputs["restore-keys"]) throw new Error("actions/cache@v4: 'restore-keys' is not supported here");
    const path = resolve(workspace, paths[0]);
    const entry = entryOf(cacheDir, inputs.key);
    if (existsSync(entry)) {
      mkdirSync(path, { recursive: true });
      cpSync(entry, path, { recursive: true });
      say(`cache hit: '${inputs.key}' restored into ${path}`);
      return { "cache-hit": "true" };
    }
    say(`cache miss: '${inputs.key}'; ${path} is saved when the job succeeds`);
    atJobEnd((result) => {
      if (result !== "success" || existsSync(entry) || !existsSync(path)) return;
      const staging = `${entry}.saving-${process.pid}-${Date.now()}`;
      mkdirSync(cacheDir, { recursive: true });
      cpSync(path, staging, { recursive: true });
      try {
        renameSync(staging, entry);
      } catch {
        rmSync(staging, { recursive: true, force: true });  // another job saved it first
      }
    });
    return { "cache-hit": "false" };
  },
};

export function remoteAction(uses) {
  const run = REMOTE_ACTIONS[uses];
  if (!run) {
    throw new Error(`remote action '${uses}' is not supported by this runner; it runs local actions (./...), ` +
      `those of repositories mapped by --local-repository (flypin/flypin: this checkout) and ` +
      `only ${Object.keys(REMOTE_ACTIONS).join(", ")} of the remote ones (tests/workflow/SEMANTICS.md)`);
  }
  return run;
}
