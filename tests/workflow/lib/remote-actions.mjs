// Remote actions this runner knows, handled as act on a laptop needs them.
// Everything else remote fails the step with a clear message: this runner
// never downloads an action.
export const REMOTE_ACTIONS = {
  // The workspace is already the checkout the workflow runs from.
  "actions/checkout@v4": ({ inputs, workspace, say }) => {
    for (const key of ["repository", "ref", "path"]) {
      if (inputs[key]) throw new Error(`actions/checkout@v4: '${key}' is not supported here (the workspace is the checkout)`);
    }
    say(`the workspace is already the checkout: ${workspace}`);
    return {};
  },
  // No cache service here: every lookup misses and nothing is saved.
  "actions/cache@v4": ({ inputs, say }) => {
    say(`no cache on this runner: '${inputs.key ?? ""}' misses, nothing is saved`);
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
