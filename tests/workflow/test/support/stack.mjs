// scripts/local-stack.sh for one test: the real registry and the Fly, Supabase
// and GitHub emulators on free loopback ports, stopped when the test ends, when
// the test process is interrupted, and when it exits.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "./runner.mjs";
import { installArgs } from "./install.mjs";

export const BUILD_DIR = process.env.FLYPIN_BUILD_DIR ?? join(REPO, "build");
export const BIN_DIR = process.env.FLYPIN_BIN_DIR ?? join(BUILD_DIR, "bin");
const SCRIPT = join(REPO, "scripts", "local-stack.sh");

function stackScript(command, dir) {
  return spawnSync("bash", [SCRIPT, command], {
    encoding: "utf8",
    env: { ...process.env, FLYPIN_LOCAL_DIR: dir, FLYPIN_BUILD_DIR: BUILD_DIR },
  });
}

function parseEnvFile(path) {
  return Object.fromEntries(readFileSync(path, "utf8").split("\n")
    .map((l) => l.match(/^export ([A-Z_]+)='(.*)'$/)).filter(Boolean).map((m) => [m[1], m[2]]));
}

export function startStack(t) {
  const root = mkdtempSync(join(tmpdir(), "flypin-workflow-stack-"));
  const dir = join(root, "stack");
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stackScript("stop", dir);
    rmSync(root, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    stop();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.once("exit", stop);
  t.after(() => {
    stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("exit", stop);
  });
  const started = stackScript("start", dir);
  if (started.status !== 0) throw new Error(`local-stack.sh start failed:\n${started.stderr}`);
  return { root, dir, env: parseEnvFile(join(dir, "env")), secretFile: join(dir, "act.secrets"),
    envFile: join(dir, "act.env"), varFile: join(dir, "act.vars") };
}

// An example app as a build context: the app plus Debian's static busybox.
export function appContext(root, name) {
  const dir = join(root, `context-${name}`);
  mkdirSync(dir);
  cpSync(join(REPO, "examples", name), dir, { recursive: true });
  cpSync("/bin/busybox", join(dir, "busybox"));
  return dir;
}

// What every run against the stack passes to the runner: the stack's secrets and
// variables, and a machine environment with nothing of ours on PATH that points
// the programs at the emulators (act.env: what api.machines.dev and
// api.supabase.com are here; the workflows never set these); the runner's GitHub
// is the stack's Deployments emulator. The programs are the install action's
// source build of this run (support/install.mjs). buildah keeps its storage
// under the test's directory, with the vfs driver (FLYPIN_BUILDAH_ROOT and
// FLYPIN_BUILDAH_STORAGE_DRIVER, build-image's documented settings).
export function stackArgs(stack, ...extra) {
  return [
    "--secret-file", stack.secretFile, "--var-file", stack.varFile, "--env-file", stack.envFile,
    "--github-api-url", stack.env.GITHUB_API_URL, "--repository", stack.env.GITHUB_REPOSITORY,
    "--env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ...installArgs(),
    "--env", "FLYPIN_BUILDAH_STORAGE_DRIVER=vfs",
    "--env", `FLYPIN_BUILDAH_ROOT=${join(stack.root, "buildah")}`,
    ...extra,
  ];
}
