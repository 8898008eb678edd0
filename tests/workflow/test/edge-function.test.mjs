// examples/edge-function under Deno (npm package `deno`, tests/support/deno)
// against a local stack: the user's Fly machine is created from the image the
// Supabase secret DOCKER_IMAGE names, once per user, and what goes wrong is one
// JSON error without the token.
//   node tests/workflow/test/edge-function.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO, until } from "./support/runner.mjs";
import { startStack } from "./support/stack.mjs";
import { fly, supabase } from "./support/emulators.mjs";

const FUNCTION = join(REPO, "examples", "edge-function", "index.ts");
const DENO = spawnSync("bash", [join(REPO, "tests", "support", "deno", "setup.sh")], { encoding: "utf8" });

// A JWT as Supabase hands the function a verified one: only `sub` is read.
const jwtFor = (sub) => ["{\"alg\":\"HS256\"}", JSON.stringify({ sub, role: "authenticated" })]
  .map((part) => Buffer.from(part).toString("base64url")).join(".") + ".signature";

// The function served by Deno on a free loopback port, with the Supabase
// secrets as its environment (as the Edge Runtime gives them).
async function serve(t, stack, secrets) {
  const deno = DENO.stdout.trim().split("\n").pop();
  const child = spawn(deno, ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-env", FUNCTION], {
    env: { PATH: process.env.PATH, HOME: stack.root, DENO_DIR: join(stack.root, "deno"), NO_COLOR: "1",
      DENO_SERVE_ADDRESS: "tcp:127.0.0.1:0", ...secrets },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const s of [child.stdout, child.stderr]) s.setEncoding("utf8").on("data", (c) => { output += c; });
  t.after(() => child.kill("SIGTERM"));
  const url = await until("deno listening", () => output.match(/Listening on (http:\/\/127\.0\.0\.1:\d+)\//)?.[1] ??
    (child.exitCode !== null && Promise.reject(new Error(`deno exited: ${output}`))), 60_000);
  return { url, output: () => output };
}

async function call(fn, { sub = "user-1", method = "POST" } = {}) {
  const res = await fetch(fn.url, { method, headers: sub ? { authorization: `Bearer ${jwtFor(sub)}` } : {} });
  return { status: res.status, body: await res.json() };
}

test("the Edge Function type-checks under Deno", { timeout: 120_000 }, () => {
  assert.equal(DENO.status, 0, DENO.stderr);
  const deno = DENO.stdout.trim().split("\n").pop();
  const checked = spawnSync(deno, ["check", FUNCTION], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  assert.equal(checked.status, 0, checked.stderr);
});

test("the Edge Function creates each user's machine from DOCKER_IMAGE, once", { timeout: 200_000 }, async (t) => {
  assert.equal(DENO.status, 0, DENO.stderr);
  const stack = startStack(t);
  const pushed = spawnSync("bash", [join(REPO, "tests", "support", "images", "build-images.sh"), stack.env.REGISTRY,
    stack.env.REGISTRY_USERNAME, stack.env.REGISTRY_PASSWORD, "healthy"], { encoding: "utf8" });
  assert.equal(pushed.status, 0, pushed.stderr);
  const digest = pushed.stdout.trim().split(/\s+/)[1];
  const image = `${stack.env.REGISTRY}/flypin-test/healthy:deployment-test`;
  await supabase.set(stack.env, "DOCKER_IMAGE", image);
  const secrets = { DOCKER_IMAGE: (await supabase.secrets(stack.env)).DOCKER_IMAGE, FLY_API_TOKEN: stack.env.FLY_API_TOKEN,
    FLY_APP: stack.env.FLY_APP, FLY_REGION: "sin", FLY_API_URL: stack.env.FLY_API_URL };

  const fn = await serve(t, stack, secrets);
  const first = await call(fn, { sub: "3f2a9c1e-User-1" });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.deepEqual([first.body.created, first.body.state, first.body.image, first.body.region, first.body.name],
    [true, "started", image, "sin", "user-3f2a9c1e-user-1"]);
  const machine = await fly.get(stack.env, first.body.machine_id);
  assert.equal(machine.state, "started");
  assert.equal(machine.image_ref.digest, digest, "the machine runs the digest DOCKER_IMAGE names");
  assert.equal(machine.config.metadata.flypin_user, "3f2a9c1e-User-1");

  // The same user again, while Fly's list limit is spent (two 429s, no Retry-After, as Fly
  // answers them): the function waits them out and finds the same machine.
  const listPath = `/v1/apps/${stack.env.FLY_APP}/machines`;
  await fly.fault(stack.env, { method: "GET", path: listPath, status: 429, count: 2 });
  const again = await call(fn, { sub: "3f2a9c1e-User-1" });
  assert.deepEqual([again.status, again.body.machine_id, again.body.created], [200, first.body.machine_id, false]);
  const lists = (await fly.requests(stack.env)).filter((r) => r.method === "GET" && r.path === listPath);
  assert.deepEqual(lists.slice(-3).map((r) => r.status), [429, 429, 200]);
  // Another user: a machine of their own.
  const other = await call(fn, { sub: "user-2" });
  assert.equal(other.status, 201);
  assert.notEqual(other.body.machine_id, first.body.machine_id);

  // No user, a wrong method: refused, nothing created.
  assert.deepEqual(await call(fn, { sub: null }), { status: 401,
    body: { error: "a user's JWT is required (Authorization: Bearer ...)" } });
  assert.equal((await call(fn, { method: "GET" })).status, 405);
  const machines = await fly.machines(stack.env);
  assert.equal(machines.length, 2);
  assert.ok(!fn.output().includes(stack.env.FLY_API_TOKEN), "the token is never printed");
  for (const m of machines) await fly.destroy(stack.env, m.id);
});

test("without DOCKER_IMAGE, or with a token Fly refuses, it says so in one line", { timeout: 200_000 }, async (t) => {
  assert.equal(DENO.status, 0, DENO.stderr);
  const stack = startStack(t);
  const base = { FLY_APP: stack.env.FLY_APP, FLY_REGION: "sin", FLY_API_URL: stack.env.FLY_API_URL };
  const unset = await serve(t, stack, { ...base, FLY_API_TOKEN: stack.env.FLY_API_TOKEN });
  assert.deepEqual(await call(unset), { status: 500, body: { error: "not configured: DOCKER_IMAGE not set" } });

  const refused = await serve(t, stack, { ...base, DOCKER_IMAGE: `${stack.env.REGISTRY}/x:deployment-test`,
    FLY_API_TOKEN: "not-the-token" });
  const r = await call(refused);
  assert.equal(r.status, 502);
  assert.match(r.body.error, /^Fly Machines API GET \/machines: HTTP 401 \(FLY_API_TOKEN, app /);
  assert.ok(!JSON.stringify(r.body).includes("not-the-token"));

  const unreachable = await serve(t, stack, { ...base, FLY_API_URL: "http://127.0.0.1:9",
    DOCKER_IMAGE: `${stack.env.REGISTRY}/x:deployment-test`, FLY_API_TOKEN: stack.env.FLY_API_TOKEN });
  assert.deepEqual(await call(unreachable), { status: 502,
    body: { error: "Fly Machines API GET /machines: cannot reach http://127.0.0.1:9" } });
  assert.deepEqual(await fly.machines(stack.env), []);
});
