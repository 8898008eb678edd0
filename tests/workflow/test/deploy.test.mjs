// examples/workflows/deploy.yml, as users copy it (uses: flypin/flypin/...@v1,
// which the runner maps to this checkout), or with `own` this repository's
// .github/workflows/deploy.yml (uses: ./...), run by the workflow runner against
// its own local stack (real registry and buildah, Fly and Supabase emulators).
// Every pin is recorded as a GitHub Deployment in the stack's GitHub emulator.
//   node tests/workflow/test/deploy.test.mjs good|broken|cancelled|pin-refused [example|own]
import { test } from "node:test";
import assert from "node:assert/strict";
import { REPO, runWorkflow, startWorkflow, step, until } from "./support/runner.mjs";
import { appContext, startStack, stackArgs } from "./support/stack.mjs";
import { fly, github, supabase } from "./support/emulators.mjs";
import { FORM_NAMES, workflowIn } from "./support/workflows.mjs";

const form = process.argv[3] ?? "example";
if (!FORM_NAMES.includes(form)) {
  console.error(`usage: deploy.test.mjs good|broken|cancelled|pin-refused [${FORM_NAMES.join("|")}]`);
  process.exit(2);
}
const workflow = workflowIn(form, "deploy.yml");
const DEPLOY = workflow.path;
const SMOKE = workflow.step("smoke-machine");
const PIN = workflow.step("pin-image");
const BACKSTOP = "Reap this run's smoke machines (backstop)";
const DRIFT = "Drift report (roll-machines)";

function deployArgs(stack, app) {
  return stackArgs(stack, "--var", `IMAGE_CONTEXT=${appContext(stack.root, app)}`, "--var", "FLY_REGION=iad");
}

const named = (report, job, name) => {
  const found = report.jobs[job].steps.find((s) => s.name === name);
  assert.ok(found, `no step '${name}' in job ${job}`);
  return found;
};

function assertNoTokenShown(r, stack) {
  for (const name of ["FLY_API_TOKEN", "SUPABASE_ACCESS_TOKEN", "REGISTRY_PASSWORD"]) {
    assert.ok(!(r.stdout + r.stderr + r.reportText + r.summary).includes(stack.env[name]), `${name} shown`);
  }
}

// Keepers (pin-image keep: never started, named flypin-keeper-...) are meant to stay.
const isKeeper = (m) => m.name.startsWith("flypin-keeper-");

// The Deployments the run recorded: [{ image, digest, states (newest first) }].
async function pinsRecorded(stack) {
  return (await github.deployments(stack.env)).map((d) => ({ image: d.payload.image, digest: d.payload.digest,
    states: d.statuses.map((st) => st.state) }));
}

// The install action restored this run's source build (fixture workflow.install-source).
function assertInstalledFromTheSourceBuild(r) {
  for (const job of Object.values(r.report.jobs)) {
    const install = job.steps.find((st) => st.name === "Run flypin/flypin@v1" || st.name === "Run ./");
    if (install?.outcome === "success") assert.equal(install.outputs.method, "cached", r.stdout);
  }
}

async function machinesLeft(stack) {
  return (await fly.machines(stack.env)).filter((m) => m.state !== "destroyed" && !isKeeper(m));
}

const cases = {
  "the good sample app is built, smoked and pinned; a machine booted from the secret runs the pinned digest":
    async (t) => {
      const stack = startStack(t);
      const r = await runWorkflow(t, DEPLOY, { workspace: REPO, args: deployArgs(stack, "sample-app") });
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual(Object.values(r.report.jobs).map((j) => j.result), ["success", "success", "success"]);
      const { image, digest } = r.report.jobs.build.outputs;
      assert.match(image, new RegExp(`^${stack.env.REGISTRY}/${stack.env.FLY_APP}:deployment-[0-9A-Z]{26}$`));
      assert.match(digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(named(r.report, "smoke", SMOKE).outputs["image-digest"], digest);
      assert.equal(named(r.report, "smoke", BACKSTOP).outcome, "success");
      const pinned = named(r.report, "pin", PIN).outputs;
      assert.deepEqual([pinned.image, pinned.digest, pinned.changed], [image, digest, "true"]);
      // The pin is a Deployment that reached success, and the step names it.
      assert.deepEqual(await pinsRecorded(stack), [{ image, digest, states: ["success", "in_progress"] }]);
      assert.equal(pinned["deployment-id"], String((await github.deployments(stack.env))[0].id));
      assertInstalledFromTheSourceBuild(r);
      // The drift report after the pin: the smoke machine is gone, no user's machine yet.
      const drift = named(r.report, "pin", DRIFT).outputs;
      assert.deepEqual([drift.image, drift.digest, drift["pin-verified"], drift.total, drift.drifted, drift.updated],
        [image, digest, "true", "0", "0", "0"]);
      assertNoTokenShown(r, stack);
      assert.deepEqual(await machinesLeft(stack), [], "the smoke machine is gone");
      const keepers = (await fly.machines(stack.env)).filter(isKeeper);
      assert.deepEqual(keepers.map((k) => [k.image, k.state, k.pid]), [[image, "created", 0]], "one keeper, never run");

      // What the Edge Function does: boot the user's machine from DOCKER_IMAGE.
      const fromSecret = (await supabase.secrets(stack.env)).DOCKER_IMAGE;
      assert.equal(fromSecret, image);
      const machine = await fly.create(stack.env, { region: "iad", config: { image: fromSecret,
        guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 }, auto_destroy: true } });
      t.after(() => fly.destroy(stack.env, machine.id).catch(() => {}));
      await fly.waitStarted(stack.env, machine.id);
      assert.equal((await fly.get(stack.env, machine.id)).image_ref.digest, digest);
    },

  "the broken app fails the smoke, the pin job is skipped and DOCKER_IMAGE is untouched": async (t) => {
    const stack = startStack(t);
    const before = `${stack.env.REGISTRY}/${stack.env.FLY_APP}:deployment-01J00000000000000000000000`;
    await supabase.set(stack.env, "DOCKER_IMAGE", before);
    const r = await runWorkflow(t, DEPLOY, { workspace: REPO, args: deployArgs(stack, "broken-app") });
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(Object.fromEntries(Object.entries(r.report.jobs).map(([id, j]) => [id, j.result])),
      { build: "success", smoke: "failure", pin: "skipped" });
    const smoke = named(r.report, "smoke", SMOKE);
    assert.equal(smoke.outcome, "failure");
    assert.equal(step({ jobs: { smoke } }, "smoke", "smoke").exitCode, 1);
    assert.ok(r.report.annotations.some((a) => a.job === "smoke" && a.level === "error" &&
      /exited with code \d+ before it was healthy/.test(a.message)), "the smoke names the crash");
    assert.equal(named(r.report, "smoke", BACKSTOP).outcome, "success");
    assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, before);
    assert.deepEqual(await pinsRecorded(stack), [], "no pin, no Deployment");
    assert.deepEqual(await machinesLeft(stack), []);
    assertNoTokenShown(r, stack);
  },

  "cancelled during the smoke: the machine is destroyed and the backstop step runs": async (t) => {
    const stack = startStack(t);
    // A slow boot keeps the smoke busy when the run is cancelled; short enough for
    // smoke-machine to see its machine destroyed within the runner's 7.5 s grace.
    await fly.behaviour(stack.env, { boot_delay_ms: 3000 });
    const run = startWorkflow(t, DEPLOY, { workspace: REPO, args: deployArgs(stack, "sample-app") });
    const machine = await until("the smoke machine", async () => (await fly.machines(stack.env))[0], 60_000);
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stdout);
    assert.deepEqual(Object.fromEntries(Object.entries(r.report.jobs).map(([id, j]) => [id, j.result])),
      { build: "success", smoke: "cancelled", pin: "cancelled" });
    const smoke = named(r.report, "smoke", SMOKE);
    assert.equal(smoke.outcome, "cancelled");
    const inner = step({ jobs: { smoke } }, "smoke", "smoke");
    assert.equal(inner.exitCode, 130, `smoke-machine ended on SIGINT after its cleanup\n${r.stdout}`);
    assert.deepEqual(inner.signalsSent.map((s) => s.split("@")[0]), ["SIGINT"]);
    assert.equal(named(r.report, "smoke", BACKSTOP).outcome, "success");
    assert.match(r.stdout, /\[smoke\] +\| smoke-machine: reaped 0 smoke machine/);
    const after = (await fly.machines(stack.env)).find((m) => m.id === machine.id);
    assert.equal(after.state, "destroyed");
    assert.deepEqual(await machinesLeft(stack), []);
    assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, undefined);
    assertNoTokenShown(r, stack);
  },

  "the Supabase API refuses the write: the pin fails and its Deployment says failure": async (t) => {
    const stack = startStack(t);
    await supabase.fault(stack.env, { path_prefix: `/v1/projects/${stack.env.SUPABASE_PROJECT_REF}/secrets`,
      method: "POST", status: 403, count: 1000 });
    const r = await runWorkflow(t, DEPLOY, { workspace: REPO, args: deployArgs(stack, "sample-app") });
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(Object.fromEntries(Object.entries(r.report.jobs).map(([id, j]) => [id, j.result])),
      { build: "success", smoke: "success", pin: "failure" });
    assert.equal(named(r.report, "pin", PIN).outcome, "failure");
    const { image, digest } = r.report.jobs.build.outputs;
    const [recorded, ...others] = await pinsRecorded(stack);
    assert.deepEqual(others, []);
    assert.deepEqual([recorded.image, recorded.digest, recorded.states[0]], [image, digest, "failure"]);
    assert.ok(!recorded.states.includes("success"), recorded.states);
    assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, undefined);
    assertNoTokenShown(r, stack);
  },
};

const which = { good: 0, broken: 1, cancelled: 2, "pin-refused": 3 }[process.argv[2]];
if (which === undefined) {
  console.error(`usage: deploy.test.mjs good|broken|cancelled|pin-refused [${FORM_NAMES.join("|")}]`);
  process.exit(2);
}
const [name, body] = Object.entries(cases)[which];
test(`${form === "own" ? ".github" : "examples"}/workflows/deploy.yml: ${name}`, { timeout: 200_000 }, body);
