// examples/workflows/rollback.yml, as users copy it, or with `own` this
// repository's .github/workflows/rollback.yml, run by the workflow runner
// against a local stack, whose GitHub emulator keeps the history deploy.yml records.
//   node tests/workflow/test/rollback.test.mjs rollback|status-only [example|own]
import { test } from "node:test";
import assert from "node:assert/strict";
import { REPO, runWorkflow } from "./support/runner.mjs";
import { appContext, startStack, stackArgs } from "./support/stack.mjs";
import { fly, github, supabase } from "./support/emulators.mjs";
import { FORM_NAMES, workflowIn } from "./support/workflows.mjs";

const form = process.argv[3] ?? "example";
const workflow = FORM_NAMES.includes(form) ? workflowIn(form, "rollback.yml") : undefined;
const ROLLBACK = workflow?.path;
const PIN = workflow?.step("pin-image");
const DEPLOY = FORM_NAMES.includes(form) ? workflowIn(form, "deploy.yml").path : undefined;

const contexts = new Map();
function context(stack) {
  if (!contexts.has(stack)) contexts.set(stack, appContext(stack.root, "sample-app"));
  return contexts.get(stack);
}

// deploy.yml on the sample app: a new deployment tag, pinned and recorded.
// -> { image, drift: the outputs of its drift report step }
async function deploy(t, stack) {
  const r = await runWorkflow(t, DEPLOY, { workspace: REPO, args: stackArgs(stack,
    "--var", `IMAGE_CONTEXT=${context(stack)}`,
    "--var", "FLY_REGION=iad") });
  assert.equal(r.code, 0, r.stdout);
  const drift = r.report.jobs.pin.steps.find((s) => s.name === "Drift report (roll-machines)");
  return { image: r.report.jobs.build.outputs.image, digest: r.report.jobs.build.outputs.digest, drift: drift.outputs };
}

function pinStep(r) {
  const step = r.report?.jobs.rollback.steps.find((s) => s.name === PIN);
  assert.ok(step, r.stdout + r.stderr);
  return step;
}

const cases = {
  // Two pins by deploy.yml, then the rollback: the secret names the first image
  // again, a new Deployment records it, and the status report says it is live.
  rollback: ["rolls back to the previous pin end to end", async (t) => {
    const stack = startStack(t);
    const { image: first } = await deploy(t, stack);
    // A user's machine on the first pin (the Edge Function's create): the second
    // deploy's drift report names it.
    const user = await fly.create(stack.env, { region: "iad", config: { image: first,
      guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } } });
    t.after(() => fly.destroy(stack.env, user.id).catch(() => {}));
    await fly.waitStarted(stack.env, user.id);  // booted, so Fly knows its digest
    const { image: second, digest, drift } = await deploy(t, stack);
    assert.notEqual(first, second);
    assert.deepEqual([drift.image, drift.digest, drift.total, drift.current, drift.drifted, drift["drifted-ids"]],
      [second, digest, "1", "0", "1", user.id]);
    assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, second);
    const r = await runWorkflow(t, ROLLBACK, { workspace: REPO, args: stackArgs(stack, "--event", "workflow_dispatch") });
    assert.equal(r.code, 0, r.stdout);
    const step = pinStep(r);
    assert.equal(step.outcome, "success");
    assert.deepEqual([step.outputs.image, step.outputs.changed], [first, "true"]);
    assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, first);
    const history = await github.deployments(stack.env);
    // Newest first; a success makes the environment's earlier deployments inactive, as on GitHub.
    assert.deepEqual(history.map((d) => [d.payload.image, d.statuses[0].state]),
      [[first, "success"], [second, "inactive"], [first, "inactive"]]);
    assert.equal(step.outputs["deployment-id"], String(history[0].id));
    const status = await runWorkflow(t, ROLLBACK, { workspace: REPO,
      args: stackArgs(stack, "--event", "workflow_dispatch", "--input", "status-only=true") });
    assert.equal(status.code, 0, status.stdout);
    assert.equal(pinStep(status).outputs["live-image"], first);
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
test(`${form === "own" ? ".github" : "examples"}/workflows/rollback.yml: ${picked[0]}`, { timeout: 450_000 }, picked[1]);
