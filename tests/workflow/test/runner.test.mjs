// The runner's own semantics (SEMANTICS.md), on small fixture workflows; no stack.
//   node tests/workflow/test/runner.test.mjs
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES, runWorkflow, startWorkflow, step, tempDir, until } from "./support/runner.mjs";

const wf = (name) => join(FIXTURES, "workflows", `${name}.yml`);
const files = ["--secret-file", join(FIXTURES, "secrets.env"), "--var-file", join(FIXTURES, "vars.env")];

// Concurrent: most of the time is spent waiting for steps and signals.
describe("workflow runner", { concurrency: 4, timeout: 150_000 }, () => {
  it("jobs run in needs order, pass outputs, and a failed job skips its dependants", async (t) => {
    const r = await runWorkflow(t, wf("jobs"));
    assert.equal(r.code, 1, r.stdout);
    const order = [...r.stdout.matchAll(/^\[run\] job (\S+) starts/gm)].map((m) => m[1]);
    assert.deepEqual(order, ["first", "second", "last", "fails", "on-failure", "always"]);
    const jobs = r.report.jobs;
    assert.deepEqual(jobs.first.outputs, { word: "alpha", lines: "one\ntwo" });
    assert.equal(jobs.second.outputs.word, "beta-after-alpha");
    assert.match(r.stdout, /\[last\] +\| last sees alpha beta-after-alpha/);
    assert.equal(jobs.fails.result, "failure");
    assert.equal(step(r.report, "fails", "after").outcome, "skipped");
    assert.equal(step(r.report, "fails", "on-failure").outcome, "success");
    assert.equal(jobs["skipped-dependant"].result, "skipped");
    assert.equal(jobs["on-failure"].result, "success");
    assert.match(r.stdout, /always\(\) job ran after skipped/);
  });

  it("env: workflow < job < GITHUB_ENV < caller of a composite < step; ACT, vars, secrets, contexts", async (t) => {
    const r = await runWorkflow(t, wf("env"), { args: [...files, "--env", "MACHINE_ONLY=from-runner-machine"] });
    assert.equal(r.code, 0, r.stdout);
    const out = (id) => step(r.report, "env", id).outputs;
    assert.equal(out("step-level").level, "step workflow=w job=j");
    assert.equal(out("job-level").level, "job");
    assert.equal(out("after-github-env").level, "github-env context=github-env added=by-github-env");
    assert.equal(out("step-beats-github-env").level, "step-again");
    assert.equal(step(r.report, "env", "composite").outputs.seen, "caller/caller/by-github-env");
    const act = out("act");
    assert.equal(act.act, "true context=true");
    assert.equal(act.ci, "true actions=true");
    assert.equal(act["secret-var"], '***/plain value', "secrets are masked even in the report");
    assert.equal(act.runner, "Linux/X64/Linux");
    assert.equal(act["temp-ok"], "yes");
    assert.equal(act.workspace, `${FIXTURES}/${FIXTURES}`);
    assert.equal(act.event, "push/push ref=refs/heads/main");
    assert.equal(act.repository, "flypin/flypin job=env/env");
    assert.equal(act.machine, "from-runner-machine");
  });

  it("--no-act leaves ACT unset; the runner's own environment does not reach steps", async (t) => {
    const env = { ...process.env, FLYPIN_SHOULD_NOT_LEAK: "leak" };
    const r = await runWorkflow(t, wf("env"), { args: [...files, "--no-act"], env });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(step(r.report, "env", "act").outputs.act, " context=");
    assert.equal(step(r.report, "env", "act").outputs.machine, "unset");
    assert.doesNotMatch(r.stdout + r.reportText, /leak/);
    const inherited = await runWorkflow(t, wf("env"), { args: [...files, "--inherit-env"],
      env: { ...env, MACHINE_ONLY: "inherited" } });
    assert.equal(step(inherited.report, "env", "act").outputs.machine, "inherited");
  });

  it("file commands, stdout commands, masking of secrets and ::add-mask:: values", async (t) => {
    const r = await runWorkflow(t, wf("commands"), { args: files });
    assert.equal(r.code, 0, r.stdout);
    const out = step(r.report, "commands", "out").outputs;
    assert.equal(out.plain, "one=two");
    assert.equal(out.multi, "line 1\n\nline 3");
    assert.equal(step(r.report, "commands", "path-used").outputs.found, "from-b", "the last GITHUB_PATH entry comes first");
    for (const secret of ['s3cr3t-"quoted"-value', "another-secret-value", "generated-42-value"]) {
      assert.ok(!r.stdout.includes(secret), `stdout shows ${secret}`);
      assert.ok(!r.reportText.includes(secret), `report shows ${secret}`);
      assert.ok(!r.summary.includes(secret), `summary shows ${secret}`);
    }
    assert.match(r.stdout, /printed: \*\*\* and \*\*\*/);
    assert.match(r.summary, /### Summary with \*\*\* and \*\*\*/);
    assert.deepEqual(r.report.jobs.commands.outputs, { fine: "no secret here" });
    assert.match(r.stdout, /Warning: Skip output 'leaks' since it may contain secret\./);
    const annotations = r.report.annotations.map((a) => `${a.level}:${a.title}:${a.message}`);
    assert.deepEqual(annotations, ["error:Broken thing:something failed with ***", "warning::careful\nsecond line",
      "notice::noted"]);
    assert.doesNotMatch(r.stdout, /only with --debug/);
    assert.doesNotMatch(r.stdout, /::add-mask::|stop-commands|pause-7d1f/, "command lines are not shown");
    assert.match(r.stdout, /\| ::error::printed, not an annotation/);
    const legacy = step(r.report, "commands", "legacy");
    assert.deepEqual([legacy.outputs.old, legacy.outcome], ["still works", "failure"]);
    assert.match(r.stdout, /\[group\] a group/);
    assert.match(r.stdout, /The `set-env` command is disabled/);
    const bad = step(r.report, "commands", "bad-file");
    assert.deepEqual([bad.outcome, bad.conclusion], ["failure", "success"]);
    assert.match(r.stdout, /matching delimiter not found 'NEVER_CLOSED'/);
    assert.equal(step(r.report, "commands", "after").outcome, "success");
  });

  it("shell: bash is -eo pipefail, unspecified is bash -e; sh, templates, working-directory", async (t) => {
    const r = await runWorkflow(t, wf("shell"));
    assert.equal(r.code, 0, r.stdout);
    const s = (id) => step(r.report, "shell", id);
    assert.equal(s("bash-pipefail").outcome, "failure");
    assert.deepEqual(s("bash-pipefail").outputs, {});
    assert.equal(s("default-no-pipefail").outputs.reached, "yes");
    assert.match(s("default-no-pipefail").outputs.options, /e/);
    assert.match(s("sh").outputs.shell, /(dash|sh)$/);
    assert.equal(s("template").outputs.arg, "extra-arg");
    assert.equal(s("working-directory").outputs.pwd, join(FIXTURES, "actions"));
    assert.match(step(r.report, "defaults", "from-defaults").outputs.shell, /(dash|sh) pwd=.*\/actions\/greet$/);
  });

  it("composite actions: inputs, defaults, outputs, github.action_path, failure() inside", async (t) => {
    const r = await runWorkflow(t, wf("composite"));
    assert.equal(r.code, 0, r.stdout);
    const out = step(r.report, "composite", "results").outputs;
    assert.equal(out.message, "hello-push tester from greet ref=''");
    assert.equal(out.second, "hello-push tester from greet ref='' second from greet ref=''");
    assert.equal(out.failing, "failure/success");
    assert.equal(out.recovered, "yes");
    assert.equal(out.nested, "hello-push nested from greet ref=''");
    assert.match(r.stdout, /Warning: Unexpected input\(s\) 'unknown-input', valid inputs are \['name', 'greeting'\]/);
    const inner = step(r.report, "composite", "failing").steps.map((s) => `${s.id}:${s.outcome}`);
    assert.deepEqual(inner, ["__run:failure", "skipped:skipped", "recover:success"]);
  });

  it("a mapped repository's actions run from its directory with their ref; dispatch inputs are typed", async (t) => {
    const r = await runWorkflow(t, wf("mapped"), { args: ["--event", "workflow_dispatch", "--input", "who=ada",
      "--input", "loud=true", "--local-repository", `acme/tools@v3=${FIXTURES}`] });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(step(r.report, "mapped", "greet").outputs.message, "hello-workflow_dispatch ada from greet ref='v3'");
    assert.equal(step(r.report, "mapped", "inputs").outputs.seen, "LOUD ada");
    const other = await runWorkflow(t, wf("mapped"), { args: ["--event", "workflow_dispatch",
      "--local-repository", `acme/tools@v4=${FIXTURES}`] });
    assert.equal(other.code, 1, other.stdout);
    assert.match(other.stdout, /remote action 'acme\/tools\/actions\/greet@v3' is not supported/);
    const bad = await runWorkflow(t, wf("mapped"), { args: ["--event", "workflow_dispatch", "--input", "loud=maybe"] });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /input loud is a boolean, not 'maybe'/);
  });

  it("a Markdown page's workflow block runs; a page without one is exit 2", async (t) => {
    const r = await runWorkflow(t, join(FIXTURES, "pages", "README.md"));
    assert.equal(r.code, 0, r.stdout);
    assert.equal(step(r.report, "shown", "say").outputs.said, "from the page");
    const none = await runWorkflow(t, join(FIXTURES, "pages", "no-workflow.md"));
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no-workflow\.md: no ```yaml block starting with '# \.github\/workflows\/NAME\.yml'/);
  });

  it("remote actions: checkout and cache are known, anything else fails clearly", async (t) => {
    const r = await runWorkflow(t, wf("remote"));
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.report.jobs.known.result, "success");
    assert.equal(step(r.report, "known", "hit").outputs["cache-hit"], "false");
    assert.equal(r.report.jobs.unknown.result, "failure");
    assert.match(r.stdout, /remote action 'actions\/setup-node@v4' is not supported by this runner/);
  });

  it("actions/cache with --cache-dir: a successful job's miss is saved, a later job restores it", async (t) => {
    const store = tempDir(t);
    const r = await runWorkflow(t, wf("cache"), { args: ["--cache-dir", store, "--sha", "a".repeat(40)] });
    assert.equal(r.code, 1, r.stdout);
    assert.equal(step(r.report, "save", "hit").outputs["cache-hit"], "false");
    assert.deepEqual(step(r.report, "restore", "hit").outputs, { "cache-hit": "true", note: "from the save job" });
    assert.deepEqual(readdirSync(store), [`kept-${"a".repeat(40)}`], "the failed job saved nothing");
  });

  it("cancel: SIGINT to the running step, then always() and cancelled() steps; dependants do not run", async (t) => {
    const markers = tempDir(t);
    const run = startWorkflow(t, wf("cancel"), { args: ["--env", `MARKER_DIR=${markers}`] });
    await until("the long step", () => existsSync(join(markers, "long-started")));
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stdout);
    const s = (id) => step(r.report, "cancelled", id);
    assert.equal(s("long").outcome, "cancelled");
    assert.equal(s("long").outputs.signal, "INT", "the step's own SIGINT trap ran");
    assert.deepEqual(s("long").signalsSent.map((x) => x.split("@")[0]), ["SIGINT"]);
    assert.equal(s("default").outcome, "skipped");
    assert.equal(s("always").outputs.status, "cancelled");
    assert.equal(s("on-cancel").outcome, "success");
    assert.equal(s("not-cancelled").outcome, "skipped");
    assert.equal(r.report.jobs.cancelled.result, "cancelled");
    assert.equal(r.report.jobs.dependant.result, "cancelled");
    assert.equal(r.report.jobs["always-dependant"].result, "success", "an if: always() job still runs");
  });

  it("cancel inside a composite action: its remaining steps do not run, not even if: always() (as GitHub)",
    { timeout: 30_000 }, async (t) => {
      const markers = tempDir(t);
      const run = startWorkflow(t, wf("cancel-composite"), { args: ["--env", `MARKER_DIR=${markers}`] });
      await until("the composite's long step", () => existsSync(join(markers, "long-started")));
      run.child.kill("SIGINT");
      const r = await run.done;
      assert.equal(r.code, 130, r.stdout);
      const action = step(r.report, "composite", "action");
      assert.equal(action.outcome, "cancelled");
      assert.deepEqual(action.steps.map((s) => `${s.id}:${s.outcome}`), ["long:cancelled", "inner-always:cancelled"]);
      assert.ok(!existsSync(join(markers, "inner-always-ran")));
      assert.equal(step(r.report, "composite", "after").outcome, "success");
    });

  it("cancel: a step that ignores SIGINT gets SIGTERM 7.5 s later", async (t) => {
    const markers = tempDir(t);
    const run = startWorkflow(t, wf("sigterm"), { args: ["--env", `MARKER_DIR=${markers}`] });
    await until("the stubborn step", () => existsSync(join(markers, "stubborn-started")));
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stdout);
    const sent = step(r.report, "stubborn", "stubborn").signalsSent.map((x) => x.split("@"));
    assert.deepEqual(sent.map(([signal]) => signal), ["SIGINT", "SIGTERM"]);
    const gap = parseInt(sent[1][1], 10) - parseInt(sent[0][1], 10);
    assert.ok(gap >= 7500 && gap < 8500, `SIGTERM ${gap} ms after SIGINT`);
    assert.match(r.stdout, /ignored SIGINT[\s\S]*got SIGTERM/);
  });

  // The whole sequence of actions/runner's ProcessInvoker (CancelAndKillProcessTree): SIGINT, SIGTERM
  // 7.5 s later, SIGKILL 2.5 s after that. A program must have written what it leaves behind by then.
  it("cancel: a step that ignores SIGINT and SIGTERM is killed 2.5 s after the SIGTERM", async (t) => {
    const markers = tempDir(t);
    const run = startWorkflow(t, wf("sigkill"), { args: ["--env", `MARKER_DIR=${markers}`] });
    await until("the deaf step", () => existsSync(join(markers, "deaf-started")));
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stdout);
    const s = step(r.report, "deaf", "deaf");
    const sent = s.signalsSent.map((x) => x.split("@"));
    assert.deepEqual(sent.map(([signal]) => signal), ["SIGINT", "SIGTERM", "SIGKILL"]);
    const at = sent.map(([, ms]) => parseInt(ms, 10));
    assert.ok(at[1] - at[0] >= 7500 && at[1] - at[0] < 8500, `SIGTERM ${at[1] - at[0]} ms after SIGINT`);
    assert.ok(at[2] - at[1] >= 2500 && at[2] - at[1] < 3500, `SIGKILL ${at[2] - at[1]} ms after SIGTERM`);
    assert.equal(s.signal, "SIGKILL");
    assert.match(r.stdout, /ignored SIGINT[\s\S]*ignored SIGTERM/);
  });

  it("cancel: a running job whose if: still holds is not cancelled", async (t) => {
    const markers = tempDir(t);
    const run = startWorkflow(t, wf("cancel-always-job"), { args: ["--env", `MARKER_DIR=${markers}`] });
    await until("the step", () => existsSync(join(markers, "short-started")));
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stdout);
    assert.match(r.stdout, /job keeps-running keeps running \(if: always\(\)\)/);
    const s = step(r.report, "keeps-running", "short");
    assert.deepEqual([s.outcome, s.outputs.finished, s.signalsSent], ["success", "yes", undefined]);
  });

  it("cancel twice: every step process is killed at once", async (t) => {
    const markers = tempDir(t);
    const run = startWorkflow(t, wf("sigterm"), { args: ["--env", `MARKER_DIR=${markers}`] });
    await until("the stubborn step", () => existsSync(join(markers, "stubborn-started")));
    const started = Date.now();
    run.child.kill("SIGINT");
    await until("the SIGINT to reach the step", () => run.output().includes("| ignored SIGINT"));
    run.child.kill("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 130, r.stdout);
    assert.ok(Date.now() - started < 7000, `did not wait for the SIGTERM (${Date.now() - started} ms)\n${r.stdout}`);
    const s = step(r.report, "stubborn", "stubborn");
    assert.deepEqual(s.signalsSent.map((x) => x.split("@")[0]), ["SIGINT"]);
    assert.equal(s.signal, "SIGKILL");
  });

  it("timeout-minutes of a step and of a job", async (t) => {
    const env = { ...process.env, FLYPIN_WORKFLOW_MINUTE_MS: "300" };
    const r = await runWorkflow(t, wf("timeout"), { env });
    assert.equal(r.code, 1, r.stdout);
    assert.equal(step(r.report, "step-timeout", "slow").outcome, "failure");
    assert.equal(step(r.report, "step-timeout", "next").outcome, "skipped");
    assert.equal(r.report.jobs["job-timeout"].result, "failure");
    assert.equal(step(r.report, "job-timeout", "slow").outcome, "cancelled");
    assert.equal(step(r.report, "job-timeout", "cleanup").outcome, "success");
    assert.match(r.stdout, /The job has exceeded the maximum execution time of 2 minutes/);
  });

  // A killed orphan may stay a zombie until whoever adopted it reaps it.
  function alive(pid) {
    try {
      return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1][0] !== "Z";
    } catch {
      return false;
    }
  }

  it("processes a job leaves behind are killed when it ends", async (t) => {
    const r = await runWorkflow(t, wf("orphans"));
    assert.equal(r.code, 0, r.stdout);
    const pid = step(r.report, "orphans", "leave").outputs.pid;
    assert.match(r.stdout, new RegExp(`Cleaning up orphan process ${pid}: sleep 300`));
    await until(`sleep ${pid} to end`, () => !alive(pid), 5000);
  });

  it("bad usage and unsupported workflows: exit 2 with one clear line", async (t) => {
    const dir = tempDir(t);
    const cases = [
      [["--nope"], /unknown option --nope/],
      [["--event", "pull_request"], /does not run on 'pull_request' \(on: push\)/],
      [["--secret", "no-equals"], /--secret wants KEY=VALUE/],
    ];
    for (const [args, message] of cases) {
      const r = await runWorkflow(t, wf("orphans"), { args });
      assert.equal(r.code, 2, `${args}: ${r.stdout}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "", "nothing ran");
    }
    const missing = await runWorkflow(t, join(dir, "missing.yml"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.yml: cannot read: ENOENT/);
  });
});
