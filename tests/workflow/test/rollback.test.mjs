// examples/workflows/rollback.yml, as users copy it, or with `own` this
// repository's .github/workflows/rollback.yml, run by the workflow runner
// against a local stack. The runner has no GitHub API, so there is no history.
//   node tests/workflow/test/rollback.test.mjs rollback|status-only [example|own]
import { test } from "node:test";
import assert from "node:assert/strict";
import { REPO, runWorkflow } from "./support/runner.mjs";
import { startStack, stackArgs } from "./support/stack.mjs";
import { FORM_NAMES, workflowIn } from "./support/workflows.mjs";

const form = process.argv[3] ?? "example";
const workflow = FORM_NAMES.includes(form) ? workflowIn(form, "rollback.yml") : undefined;
const ROLLBACK = workflow?.path;
const PIN = workflow?.step("pin-image");

function pinStep(r) {
  const step = r.report?.jobs.rollback.steps.find((s) => s.name === PIN);
  assert.ok(step, r.stdout + r.stderr);
  return step;
}

const cases = {
  // The rollback must stop at pin-image's one-line usage error (exit 2, nothing
  // written), which proves the dispatch, the install and the action's rollback mode.
  rollback: ["without a deployment history it stops at pin-image's usage error", async (t) => {
    const stack = startStack(t);
    const r = await runWorkflow(t, ROLLBACK, { workspace: REPO, args: stackArgs(stack, "--event", "workflow_dispatch") });
    assert.notEqual(r.code, 0, r.stdout);
    assert.equal(pinStep(r).outcome, "failure");
    assert.match(r.stdout, /--rollback without --to needs the deployment history, but GITHUB_TOKEN is not set/);
  }],
  // status-only with an image in `to`: the report, and `to` is not passed
  // (`inputs.status-only && '' || inputs.to` passed it: "--to needs --rollback").
  "status-only": ["status-only reports and never passes `to`", async (t) => {
    const stack = startStack(t);
    const image = `${stack.env.IMAGE_REPOSITORY}:deployment-01J00000000000000000000000`;
    const r = await runWorkflow(t, ROLLBACK, { workspace: REPO, args: stackArgs(stack, "--event", "workflow_dispatch",
      "--input", "status-only=true", "--input", `to=${image}`) });
    assert.doesNotMatch(r.stdout, /--to needs --rollback/);
    assert.equal(r.code, 0, r.stdout);
    const step = pinStep(r);
    assert.equal(step.outcome, "success");
    assert.equal(step.outputs["secret-name"], "DOCKER_IMAGE");
    assert.equal(step.outputs["live-image"], "");
  }],
};

const picked = cases[process.argv[2]];
if (!picked || !workflow) {
  console.error(`usage: rollback.test.mjs ${Object.keys(cases).join("|")} [${FORM_NAMES.join("|")}]`);
  process.exit(2);
}
test(`${form === "own" ? ".github" : "examples"}/workflows/rollback.yml: ${picked[0]}`, { timeout: 200_000 }, picked[1]);
