// The README's workflow, extracted from README.md itself and run unchanged by
// the workflow runner (uses: flypin/flypin/...@v1 is this checkout) in a
// user's repository: a workspace holding only the sample app. Fails when the
// README's workflow stops being valid or complete.
//   node tests/workflow/test/readme.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO, runWorkflow } from "./support/runner.mjs";
import { appContext, startStack, stackArgs } from "./support/stack.mjs";
import { fly, supabase } from "./support/emulators.mjs";

const README = join(REPO, "README.md");

function lines(step) {
  return [...(step.log ?? []), ...(step.steps ?? []).flatMap(lines)];
}

test("the README's workflow builds, smokes, pins and reports in a user's repository", { timeout: 200_000 }, async (t) => {
  const stack = startStack(t);
  const workspace = appContext(stack.root, "sample-app");
  const r = await runWorkflow(t, README, { workspace, args: stackArgs(stack, "--var", "FLY_REGION=iad") });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const steps = r.report.jobs.deploy.steps;
  const byName = (prefix) => {
    const found = steps.find((s) => s.name.startsWith(prefix));
    assert.ok(found, `no step '${prefix}': ${steps.map((s) => s.name).join(", ")}`);
    return found;
  };
  // The build cache's steps need GitHub's own runner (buildx, the Actions cache service): under act
  // they are skipped and build-image keeps its cache in the registry. Every other step succeeds.
  const githubOnly = ["Run docker/setup-buildx-action@v3", "Run crazy-max/ghaction-github-runtime@v3"];
  for (const s of steps) {
    assert.equal(s.outcome, githubOnly.includes(s.name) ? "skipped" : "success", `${s.name}\n${r.stdout}`);
  }
  for (const name of githubOnly) byName(name);

  // The install action at @v1 of an unreleased tree says why it builds, once.
  const install = byName("Run flypin/flypin@v1");
  assert.equal(lines(install).filter((l) => l.includes("building from source:")).length, 1, r.stdout);

  const built = byName("Run flypin/flypin/actions/build-image@v1").outputs;
  assert.match(built.image, new RegExp(`^${stack.env.IMAGE_REPOSITORY}:deployment-[0-9A-Z]{26}$`));
  assert.equal(byName("Run flypin/flypin/actions/smoke-machine@v1").outputs["image-digest"], built.digest);
  const pinned = byName("Run flypin/flypin/actions/pin-image@v1").outputs;
  assert.deepEqual([pinned.image, pinned.digest, pinned.changed], [built.image, built.digest, "true"]);
  const roll = byName("Run flypin/flypin/actions/roll-machines@v1").outputs;
  assert.deepEqual([roll.digest, roll.drifted], [built.digest, "0"]);

  assert.equal((await supabase.secrets(stack.env)).DOCKER_IMAGE, built.image);
  assert.deepEqual((await fly.machines(stack.env)).filter((m) => m.state !== "destroyed"), [], "no machine left");
  for (const name of ["FLY_API_TOKEN", "SUPABASE_ACCESS_TOKEN", "REGISTRY_PASSWORD"]) {
    assert.ok(!(r.stdout + r.stderr + r.reportText + (r.summary ?? "")).includes(stack.env[name]), `${name} shown`);
  }
});
