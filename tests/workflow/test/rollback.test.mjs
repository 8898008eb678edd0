// .github/workflows/rollback.yml run by the workflow runner against a local
// stack. The runner has no GitHub API, so there is no history: the rollback
// must stop at pin-image's one-line usage error (exit 2, nothing written),
// which proves the dispatch, the install and the action's rollback mode.
//   node tests/workflow/test/rollback.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO, runWorkflow } from "./support/runner.mjs";
import { startStack, stackArgs } from "./support/stack.mjs";

const ROLLBACK = join(REPO, ".github", "workflows", "rollback.yml");

test("rollback.yml without a deployment history stops at pin-image's usage error", { timeout: 200_000 }, async (t) => {
  const stack = startStack(t);
  const r = await runWorkflow(t, ROLLBACK, { workspace: REPO, args: stackArgs(stack, "--event", "workflow_dispatch") });
  assert.notEqual(r.code, 0, r.stdout);
  const step = r.report.jobs.rollback.steps.find((s) => s.name === "Run ./actions/pin-image");
  assert.ok(step, r.stdout);
  assert.equal(step.outcome, "failure");
  assert.match(r.stdout, /--rollback without --to needs the deployment history, but GITHUB_TOKEN is not set/);
});
