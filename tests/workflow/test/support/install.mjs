// The programs the workflow tests run: scripts/install.sh's real source build,
// once per test run (fixture workflow.install-source), kept in the runner's
// actions/cache store (--cache-dir). Every later install action restores it
// (method "cached"), and an action that installs for itself finds it in the
// machine's flypin cache, as a self-hosted runner's ~/.cache/flypin would hold it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./runner.mjs";

const PROGRAMS = ["build-image", "pin-image", "smoke-machine", "roll-machines"];
export const INSTALL_DIR = process.env.FLYPIN_WORKFLOW_INSTALL_DIR ?? join(REPO, "build", "workflow-install");
export const STORE = join(INSTALL_DIR, "store");
export const RECORD = join(INSTALL_DIR, "installed.json");
export const VERSION = readFileSync(join(REPO, "VERSION"), "utf8").trim();

export const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

// What the fixture installed: { key, sums: { program: sha256 } }.
export function installed() {
  try {
    return JSON.parse(readFileSync(RECORD, "utf8"));
  } catch (e) {
    throw new Error(`no source build recorded in ${RECORD} (fixture workflow.install-source): ${e.message}`);
  }
}

// Runner arguments that give a run the fixture's programs.
export function installArgs() {
  const { key } = installed();
  return ["--cache-dir", STORE, "--env", `FLYPIN_CACHE_DIR=${join(STORE, key)}`];
}

// { version, sha256 } per program, from install.yml's `installed` step outputs.
export function reported(outputs) {
  return Object.fromEntries(PROGRAMS.map((p) => [p, { version: outputs[`${p}-version`], sha256: outputs[`${p}-sha256`] }]));
}

export function expected(sums) {
  return Object.fromEntries(PROGRAMS.map((p) => [p, { version: `${p} ${VERSION}`, sha256: sums[p] }]));
}

export { PROGRAMS };
