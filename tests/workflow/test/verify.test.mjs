// examples/workflows/verify.yml, as users copy it (uses: flypin/flypin/...@v1,
// which the runner maps to this checkout), or with `own` this repository's
// .github/workflows/verify.yml (uses: ./...), run by the workflow runner
// against a local stack: two pins kept by keeper machines (pin-image --keep,
// run as deploy.yml runs it), a user's machine. Green when all is well; red
// with exactly one ::error annotation for drift, and one for a live image the
// registry lost.
//   node tests/workflow/test/verify.test.mjs [example|own]
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO, runWorkflow } from "./support/runner.mjs";
import { BIN_DIR, startStack, stackArgs } from "./support/stack.mjs";
import { fly } from "./support/emulators.mjs";
import { deleteManifest, pushTinyImage } from "./support/registry.mjs";
import { FORM_NAMES, workflowIn } from "./support/workflows.mjs";

const form = process.argv[2] ?? "example";
if (!FORM_NAMES.includes(form)) {
  console.error(`usage: verify.test.mjs [${FORM_NAMES.join("|")}]`);
  process.exit(2);
}
const VERIFY = workflowIn(form, "verify.yml").path;
const TAGS = ["deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X"];

function pinImage(stack, image) {
  const r = spawnSync(join(BIN_DIR, "pin-image"), ["--image", image, "--project-ref", stack.env.SUPABASE_PROJECT_REF,
    "--keep", "3"], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", ...stack.env } });
  assert.equal(r.status, 0, r.stderr);
}

// A user's machine, stopped, on `pushed` (what the Edge Function would have booted; by digest, as
// Fly records the image a machine runs).
async function userMachine(stack, pushed) {
  const image = `${pushed.image}@${pushed.digest}`;
  return fly.create(stack.env, { region: "iad", skip_launch: true, config: { image, metadata: { role: "user" },
    guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } } });
}

const errors = (r) => r.report.annotations.filter((a) => a.level === "error");
const verify = (t, stack) => runWorkflow(t, VERIFY, { workspace: REPO,
  args: stackArgs(stack, "--event", "workflow_dispatch") });

test(`verify.yml (${form}): green on a healthy stack; one annotation for drift; one for a pruned live image`,
  { timeout: 230_000 }, async (t) => {
    const stack = startStack(t);
    const repo = stack.env.FLY_APP;
    const [older, live] = [await pushTinyImage(stack.env, repo, TAGS[0], "a"),
      await pushTinyImage(stack.env, repo, TAGS[1], "b")];
    pinImage(stack, older.image);
    pinImage(stack, live.image);
    await userMachine(stack, live);

    const green = await verify(t, stack);
    assert.equal(green.code, 0, green.stdout);
    assert.deepEqual(errors(green), []);
    assert.match(green.summary, /\| live image and rollback targets in the registry \| ok \(0 gone\) \|/);
    assert.match(green.summary, /\| users' machines follow the pin \| ok \(0 drifted\) \|/);
    assert.match(green.summary, /\| keepers in place \| ok \|/);

    // Drift: a user's machine still on the older pin (the keepers are never counted).
    const stale = await userMachine(stack, older);
    const drifted = await verify(t, stack);
    assert.equal(drifted.code, 1, drifted.stdout);
    assert.equal(errors(drifted).length, 1, JSON.stringify(errors(drifted)));
    assert.equal(errors(drifted)[0].title, "roll-machines failed");
    assert.match(errors(drifted)[0].message, /1 machine\(s\) of app .* not on the pin/);
    assert.match(drifted.summary, /\| users' machines follow the pin \| \*\*failed\*\* \(1 drifted\) \|/);
    await fly.destroy(stack.env, stale.id);

    // The registry loses the live image although its keeper references it.
    await deleteManifest(stack.env, repo, live.digest);
    const pruned = await verify(t, stack);
    assert.equal(pruned.code, 1, pruned.stdout);
    assert.equal(errors(pruned).length, 1, JSON.stringify(errors(pruned)));
    assert.equal(errors(pruned)[0].title, "pin-image failed");
    assert.match(errors(pruned)[0].message, new RegExp(`the live image ${live.image.replaceAll(".", "\\.")}`));
    assert.match(pruned.summary, /\| live image and rollback targets in the registry \| \*\*failed\*\* \(1 gone\) \|/);
    assert.match(pruned.summary, /\| users' machines follow the pin \| not checked/);
  });
