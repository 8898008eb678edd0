// Each composite action alone, with and without the install action before it,
// against a local stack (test/fixtures/workflows/actions-alone.yml).
//   node tests/workflow/test/actions.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, REPO, runWorkflow } from "./support/runner.mjs";
import { appContext, startStack, stackArgs } from "./support/stack.mjs";
import { fly, supabase } from "./support/emulators.mjs";

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
  const install = stepOf("install", "install");
  assert.equal(install.outputs.method, "source");
  assert.match(stepOf("install", "on-path").outputs.where, /\/flypin\/bin\/build-image$/);

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
  assert.deepEqual((await fly.machines(stack.env)).filter((m) => m.state !== "destroyed"), []);
});
