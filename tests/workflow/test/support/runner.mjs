// Runs tests/workflow/run-workflow.mjs for a test and reads what it reports.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const RUNNER = fileURLToPath(new URL("../../run-workflow.mjs", import.meta.url));
export const REPO = fileURLToPath(new URL("../../../..", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));

export function tempDir(t, name = "flypin-workflow-test-") {
  const dir = mkdtempSync(join(tmpdir(), name));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function argsFor(workflow, dir, { workspace = FIXTURES, args = [] }) {
  return [RUNNER, "--workspace", workspace, "--report", join(dir, "report.json"), "--summary", join(dir, "summary.md"),
    ...args, workflow];
}

function resultOf(dir, code, stdout, stderr) {
  const path = join(dir, "report.json");
  const report = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
  const summaryPath = join(dir, "summary.md");
  const summary = existsSync(summaryPath) ? readFileSync(summaryPath, "utf8") : undefined;
  return { code, stdout, stderr, report, summary, reportText: existsSync(path) ? readFileSync(path, "utf8") : "" };
}

export function runWorkflow(t, workflow, options = {}) {
  return startWorkflow(t, workflow, options).done;
}

// Resolves the same shape once the runner exits; `child` is there to signal it.
export function startWorkflow(t, workflow, options = {}) {
  const dir = tempDir(t);
  const child = spawn(process.execPath, argsFor(workflow, dir, options),
    { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c) => { stdout += c; });
  child.stderr.setEncoding("utf8").on("data", (c) => { stderr += c; });
  const done = new Promise((resolve) => child.on("close", (code) => resolve(resultOf(dir, code, stdout, stderr))));
  // A runner still running when the test ends (it failed or timed out) is
  // cancelled twice, which stops its steps at once and lets it clean up; SIGKILL
  // would leave the steps' processes (each in its own session) behind.
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGTERM"), 200).unref();
    const late = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await done;
    clearTimeout(late);
  });
  return { child, done, output: () => stdout };
}

// Waits for a condition without sleeping a fixed time.
export async function until(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function step(report, job, id) {
  const found = report.jobs[job]?.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in job ${job}: ${JSON.stringify(report.jobs[job]?.steps.map((s) => s.id))}`);
  return found;
}
