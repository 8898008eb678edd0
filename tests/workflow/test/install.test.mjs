// The install action's two real paths, as users take them (uses: flypin/flypin@v1):
//   source   the checkout's VERSION has no release: scripts/install.sh builds the
//            four programs from source (cmake, ccache when present) and the runner's
//            actions/cache saves them; the fixture workflow.install-source, whose
//            build every other workflow test then restores
//   release  a loopback "release" serving the assets of tests/release (fixture
//            release.build) with their checksum file: downloaded, verified, installed
// Both assert what was installed: each program's version and SHA-256.
//   node tests/workflow/test/install.test.mjs source|release
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, REPO, runWorkflow } from "./support/runner.mjs";
import { INSTALL_DIR, PROGRAMS, RECORD, STORE, VERSION, sha256 } from "./support/install.mjs";

const INSTALL = join(FIXTURES, "workflows", "install.yml");
const MACHINE_PATH = ["--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

function assertInstalled(outputs, sums) {
  for (const p of PROGRAMS) {
    assert.ok(outputs[`${p}-version`]?.startsWith(`${p} ${VERSION}`), `${p} says '${outputs[`${p}-version`]}'`);
    assert.equal(outputs[`${p}-sha256`], sums[p], `${p}'s SHA-256`);
  }
}

// scripts/install.sh's "installed ... in S.mmm s" line of the install step.
function installSeconds(r) {
  const m = r.stdout.match(/flypin: installed .* in (\d+\.\d{3}) s/);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

const cases = {
  source: ["the install action builds the programs from source once; the cache keeps them", async (t) => {
    // Once per test run: a store left by an earlier run would turn the build into a restore.
    rmSync(INSTALL_DIR, { recursive: true, force: true });
    mkdirSync(STORE, { recursive: true });
    const r = await runWorkflow(t, INSTALL, { workspace: REPO, args: ["--cache-dir", STORE, ...MACHINE_PATH] });
    assert.equal(r.code, 0, r.stdout);
    const install = r.report.jobs.install.steps.find((s) => s.id === "install");
    assert.equal(install.outputs.method, "source");
    assert.match(install.outputs["why-built"], new RegExp(`version ${VERSION.replace(/\./g, "\\.")} has not been released`));
    assert.match(r.stdout, /building from source: version .* has not been released/);
    // What the cache saved is what was installed.
    const keys = readdirSync(STORE);
    assert.equal(keys.length, 1, `one cache entry: ${keys}`);
    const [key] = keys;
    assert.match(key, /^flypin-Linux-x86_64-[0-9a-f]{32}$/);
    const bin = join(STORE, key, key, "bin");
    const sums = Object.fromEntries(PROGRAMS.map((p) => [p, sha256(join(bin, p))]));
    const outputs = r.report.jobs.install.steps.find((s) => s.id === "installed").outputs;
    assertInstalled(outputs, sums);
    writeFileSync(RECORD, JSON.stringify({ key, sums }, null, 2));
    const seconds = installSeconds(r);
    const line = `install action's source build (scripts/install.sh, ccache): ${seconds.toFixed(1)} s\n`;
    process.stdout.write(line);
    if (process.env.FLYPIN_WORKFLOW_REPORT) appendFileSync(process.env.FLYPIN_WORKFLOW_REPORT, line);
  }],

  release: ["the install action installs the release asset from a loopback release, verified by its checksum file",
    async (t) => {
      const dist = process.env.FLYPIN_RELEASE_DIST;
      const tag = `v${VERSION}`;
      const asset = `flypin-${tag}-linux-x64.tar.gz`;
      assert.ok(dist && existsSync(join(dist, asset)) && existsSync(join(dist, `${tag}.sha256`)),
        `no release assets in '${dist}' (fixture release.build)`);
      // GitHub's release download URL shape: <base>/<tag>/<asset>.
      const asked = [];
      const server = createServer((req, res) => {
        asked.push(`${req.method} ${req.url}`);
        if (req.url !== `/${tag}/${asset}`) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { "Content-Type": "application/octet-stream" });
        createReadStream(join(dist, asset)).pipe(res);
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      t.after(() => server.close());
      const base = `http://127.0.0.1:${server.address().port}`;
      // The checkout is the release: its VERSION and source, the sums build-release.sh wrote.
      const r = await runWorkflow(t, INSTALL, { workspace: REPO, args: [...MACHINE_PATH,
        "--env", `FLYPIN_RELEASE_BASE_URL=${base}`, "--env", `FLYPIN_CHECKSUM_DIR=${dist}`] });
      assert.equal(r.code, 0, r.stdout);
      const install = r.report.jobs.install.steps.find((s) => s.id === "install");
      assert.deepEqual([install.outputs.method, install.outputs["why-built"]], ["release", ""]);
      assert.doesNotMatch(r.stdout, /building from source/);
      assert.deepEqual(asked, [`GET /${tag}/${asset}`]);
      const sums = Object.fromEntries(PROGRAMS.map((p) => [p, sha256(join(dist, `${p}-linux-x64`))]));
      assertInstalled(r.report.jobs.install.steps.find((s) => s.id === "installed").outputs, sums);
      process.stdout.write(`install action from the release asset: ${installSeconds(r).toFixed(3)} s\n`);
    }],
};

const picked = cases[process.argv[2]];
if (!picked) {
  console.error(`usage: install.test.mjs ${Object.keys(cases).join("|")}`);
  process.exit(2);
}
test(`install action (uses: flypin/flypin@v1): ${picked[0]}`, { timeout: 3_000_000 }, picked[1]);
