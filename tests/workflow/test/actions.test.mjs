// Each composite action alone (roll-machines too), with and without the install action before it,
// against a local stack (test/fixtures/workflows/actions-alone.yml).
//   node tests/workflow/test/actions.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, REPO, runWorkflow, until } from "./support/runner.mjs";
import { appContext, startStack, stackArgs } from "./support/stack.mjs";
import { fly, supabase } from "./support/emulators.mjs";
import { expected, installed, reported } from "./support/install.mjs";

const INSTALLED = /^flypin: installed build-image pin-image smoke-machine roll-machines into .* from (cached )?source build/;

// The lines of every run: step under a job's step, composite steps included.
function lines(step) {
  return [...(step.log ?? []), ...(step.steps ?? []).flatMap(lines)];
}

test("each composite action alone, with and without the install action", { timeout: 200_000 }, async (t) => {
  const stack = startStack(t);
  const args = stackArgs(stack, "--var", `IMAGE_CONTEXT=${appContext(stack.root, "sample-app")}`);
  const r = await runWorkflow(t, join(FIXTURES, "workflows", "actions-alone.yml"), { workspace: REPO, args });
  assert.equal(r.code, 0, r.stdout);
  const jobs = r.report.jobs;
  for (const [id, job] of Object.entries(jobs)) assert.equal(job.result, "success", id);
  const stepOf = (job, id) => jobs[job].steps.find((s) => s.id === id);

  // The install action: outputs, and the programs on PATH for the next steps.
  // The install action: outputs, and the programs on PATH for the next steps:
  // this run's source build (fixture workflow.install-source), restored by actions/cache.
  const install = stepOf("install", "install");
  assert.equal(install.outputs.method, "cached");
  const onPath = stepOf("install", "on-path").outputs;
  assert.match(onPath.where, /\/flypin\/bin\/build-image$/);
  assert.deepEqual(reported(onPath), expected(installed().sums));

  // Without it each action installs for itself; with it, the action finds the
  // programs and installs nothing.
  for (const [job, action] of [["build-image", "build"], ["smoke-machine", "smoke"], ["pin-image", "pin"]]) {
    assert.ok(lines(stepOf(job, action)).some((l) => INSTALLED.test(l)), `${job} did not install for itself\n${r.stdout}`);
    assert.ok(!lines(stepOf(`${job}-installed`, action)).some((l) => INSTALLED.test(l)), `${job}-installed installed again`);
  }
  assert.match(stepOf("build-image", "on-path-after").outputs.where, /\/flypin\/bin\/pin-image$/);

  const { image, digest } = jobs["build-image"].outputs;
  assert.match(image, new RegExp(`^${stack.env.REGISTRY}/${stack.env.FLY_APP}:deployment-`));
  const installedImage = stepOf("build-image-installed", "build").outputs.image;
  assert.match(installedImage, /:deployment-[0-9A-Z]{26}$/);
  assert.notEqual(installedImage, image, "a tag of its own");
  for (const job of ["smoke-machine", "smoke-machine-installed"]) {
    assert.equal(stepOf(job, "smoke").outputs["image-digest"], digest, job);
  }
  assert.deepEqual([stepOf("pin-image", "pin").outputs.changed, stepOf("pin-image-installed", "pin").outputs.changed],
    ["true", "false"]);
  assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, image);

  // roll-machines alone (it installs for itself): the user's machine runs the
  // other build, so the report names it as drifted from the pin.
  const user = stepOf("roll-machines", "user").outputs.id;
  t.after(() => fly.destroy(stack.env, user).catch(() => {}));
  const userDigest = (await fly.get(stack.env, user)).image_ref.digest;
  assert.notEqual(userDigest, digest, "the second build has a digest of its own");
  const roll = stepOf("roll-machines", "roll");
  assert.ok(lines(roll).some((l) => INSTALLED.test(l)), `roll-machines did not install for itself\n${r.stdout}`);
  const o = roll.outputs;
  assert.deepEqual([o.image, o.digest, o["pin-verified"], o.total, o.current, o.drifted, o["drifted-ids"], o.updated,
    o.failed], [image, digest, "true", "1", "0", "1", user, "0", ""]);
  assert.match(o.report, new RegExp(userDigest.slice(7, 19)));
  await fly.destroy(stack.env, user);
  await until("every machine destroyed", async () => (await fly.machines(stack.env)).every((m) => m.state === "destroyed"));
});
