// Runs a list of steps — a job's, or a composite action's — as the runner's
// StepsRunner and CompositeActionHandler do: `if:` with status functions, env
// layered job < composite caller < step, outputs and the steps context, file
// and stdout commands, continue-on-error, timeout-minutes, and cancellation
// (a running step's `if:` is evaluated again; when false its process is stopped).
import { writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { Status } from "./expressions.mjs";
import { CancelToken, minutesToMs } from "./cancel-token.mjs";
import { condition, literalText, text, textMap, value } from "./template-values.mjs";
import { field } from "./load.mjs";
import { createFiles } from "./file-commands.mjs";
import { runProcess } from "./step-process.mjs";
import { scriptExtension, shellCommand } from "./shell.mjs";
import { remoteAction } from "./remote-actions.mjs";
import { localAction } from "./local-repositories.mjs";

// The report keeps the last lines each `run:` step printed.
const LOG_LINES_KEPT = 200;

// A list of steps run together; `parent` is set inside a composite action.
export class Scope {
  constructor({ job, parent = null, token = null, action = null, inputs = {}, callerEnv = {}, depth = 0 }) {
    Object.assign(this, { job, parent, token, action, inputs, callerEnv, depth });
    this.stepsContext = {};
    this.status = "success";
  }

  get embedded() {
    return this.parent !== null;
  }

  // Inside a composite action success()/failure() follow the action's own
  // steps (github.action_status); cancelled() always follows the job.
  statusNow() {
    const cancelled = this.job.cancelled;
    const status = this.embedded ? this.status : this.job.status;
    return new Status({ success: status === "success" && !cancelled, failure: status === "failure", cancelled });
  }

  contexts(envContext, extraGithub = {}) {
    const run = this.job.run;
    return {
      github: {
        ...run.github,
        job: this.job.id,
        action_path: this.action?.dir ?? "",
        action_ref: this.action?.ref ?? "",
        action_repository: this.action?.repository ?? "",
        ...(this.embedded ? { action_status: this.status } : {}),
        ...extraGithub,
      },
      env: envContext,
      vars: run.vars,
      secrets: run.secrets,
      inputs: this.inputs,
      steps: this.stepsContext,
      needs: this.job.needsContext,
      job: { status: this.job.result() },
      runner: this.job.runnerContext(),
      strategy: {},
      matrix: {},
    };
  }
}

function displayName(step, scope, envContext) {
  if (step.name) {
    try {
      return text(step.name, { contexts: scope.contexts(envContext), status: scope.statusNow() }, "name");
    } catch {
      return step.name.toDisplayString?.() ?? "step";
    }
  }
  if (step.run) return `Run ${literalText(step.run).split("\n").find((l) => l.trim()) ?? ""}`.trim();
  return `Run ${step.uses.value}`;
}

function numberOrUndefined(token, scope, what) {
  if (token === undefined) return undefined;
  const v = Number(text(token, scope, what));
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${what}: expected a positive number`);
  return v;
}

// Steps without an id get the converter's kind of name (__run, __run_2, __self).
function withIds(steps) {
  const used = new Set(steps.map((s) => s.id).filter(Boolean));
  return steps.map((s) => {
    if (s.id) return s;
    const base = `__${s.run ? "run" : s.uses.value.startsWith("./") ? "self" : s.uses.value.split("@")[0].replace(/[^A-Za-z0-9]+/g, "_")}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    return { ...s, id };
  });
}

export async function runSteps(scope, steps, rawSteps) {
  const results = [];
  const named = withIds(steps);
  for (let i = 0; i < named.length; i++) {
    if (scope.job.run.forced) break;
    results.push(await runStep(scope, named[i], rawSteps?.get(i)));
  }
  return results;
}

async function runStep(scope, step, raw) {
  const job = scope.job;
  const log = job.log.at(scope.depth);
  const envContext = { ...job.env, ...scope.callerEnv };
  const name = displayName(step, scope, envContext);
  const record = { id: step.id, name, outcome: "skipped", conclusion: "skipped", outputs: {} };
  const finish = () => {
    scope.stepsContext[step.id] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.conclusion };
    if (record.conclusion === "failure") {
      scope.status = "failure";
      if (!scope.embedded) job.status = "failure";
    }
    return record;
  };

  // A composite action's steps share its cancellation: once it is cancelled,
  // the rest do not run (actions/runner#2638: not even `if: always()` ones).
  if (scope.token?.cancelled) {
    record.outcome = record.conclusion = "cancelled";
    log.line(`- ${name} (not run: the action was cancelled)`);
    return finish();
  }

  const evalScope = (env) => ({ contexts: scope.contexts(env, { action: step.id }), status: scope.statusNow() });
  try {
    if (!condition(step.if, evalScope(envContext))) {
      log.line(`- ${name} (skipped: if: ${step.if.expression})`);
      return finish();
    }
  } catch (e) {
    log.error(`${name}: if: ${e.message}`);
    record.outcome = record.conclusion = "failure";
    return finish();
  }

  log.line(`> ${name}`);
  const started = Date.now();
  const token = new CancelToken(scope.embedded ? scope.token : null);
  let stopWatchingJob = () => {};
  let timer;
  let stepEnv;
  try {
    stepEnv = textMap(step.env, evalScope(envContext), "env");
    const fullEnvContext = { ...envContext, ...stepEnv };
    if (!scope.embedded && !job.token.cancelled) {
      // The runner's job-cancellation callback: test the condition again.
      stopWatchingJob = job.token.onCancel(() => {
        let keep = false;
        try {
          keep = condition(step.if, evalScope(fullEnvContext));
        } catch {
          keep = false;
        }
        if (!keep) token.cancel("cancelled");
        else log.line(`  (job cancelled; '${name}' keeps running: if: ${step.if.expression})`);
      });
    }
    const minutes = numberOrUndefined(field(raw, "timeout-minutes"), evalScope(fullEnvContext), "timeout-minutes");
    if (minutes) timer = setTimeout(() => token.cancel("timeout"), minutesToMs(minutes));

    const outcome = step.run
      ? await runScript(scope, step, raw, stepEnv, fullEnvContext, token, record, log)
      : await runUses(scope, step, raw, stepEnv, fullEnvContext, token, record, log);
    record.outcome = token.reason === "timeout" ? "failure" : outcome;
    if (token.reason === "timeout") log.error(`${name}: the step has timed out after ${minutes} minutes`);
  } catch (e) {
    log.error(`${name}: ${e.message}`);
    record.outcome = "failure";
  } finally {
    clearTimeout(timer);
    stopWatchingJob();
  }

  record.conclusion = record.outcome;
  if (record.outcome === "failure" && continueOnError(step, evalScope({ ...envContext, ...stepEnv }))) {
    record.conclusion = "success";
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const tail = record.conclusion !== record.outcome ? ` (continue-on-error: ${record.outcome})` : "";
  log.line(`${record.outcome === "success" ? "ok" : record.outcome.toUpperCase()} ${name} (${seconds} s)${tail}`);
  return finish();
}

function continueOnError(step, scope) {
  const c = step["continue-on-error"];
  if (c === undefined) return false;
  if (typeof c === "boolean") return c;
  return String(value(c, scope)) === "true";
}

function defaultsRun(scope, key) {
  return field(scope.job.raw, "defaults", "run", key) ?? field(scope.job.run.raw, "defaults", "run", key);
}

async function runScript(scope, step, raw, stepEnv, envContext, token, record, log) {
  const job = scope.job;
  const evalScope = { contexts: scope.contexts(envContext, { action: step.id }), status: scope.statusNow() };
  const script = text(step.run, evalScope, "run");
  const shellToken = field(raw, "shell") ?? (scope.embedded ? undefined : defaultsRun(scope, "shell"));
  const shell = shellToken === undefined ? undefined : text(shellToken, evalScope, "shell");
  const dirToken = field(raw, "working-directory") ?? (scope.embedded ? undefined : defaultsRun(scope, "working-directory"));
  const cwd = resolve(job.run.workspace, dirToken === undefined ? "." : text(dirToken, evalScope, "working-directory"));
  record.log = [];
  const scriptPath = join(job.temp, `${randomUUID()}${scriptExtension(shell)}`);
  writeFileSync(scriptPath, script);
  const files = createFiles(job.fileCommandDir);
  const env = job.processEnv(scope, stepEnv, files, step.id);
  const { command, args } = shellCommand(shell, scriptPath, env.PATH);
  const result = await runProcess({
    command, args, cwd, env, token,
    onLine: (line) => {
      record.log.push(line);
      if (record.log.length > LOG_LINES_KEPT) record.log.shift();
      job.handleOutput(line, log, record);
    },
    onCancel: (reason, pid) => log.line(`  ${reason === "timeout" ? "timed out" : "cancelling"}: SIGINT to ${pid} ` +
      "(SIGTERM after 7.5 s, SIGKILL 2.5 s later)"),
    processes: job.run.processes,
  });
  record.exitCode = result.code;
  record.signal = result.signal ?? undefined;
  if (result.signalsSent.length) record.signalsSent = result.signalsSent;
  job.applyFiles(files, record, log);
  if (result.error) {
    log.error(`cannot start '${command}': ${result.error.message}`);
    return "failure";
  }
  if (result.cancelled) return "cancelled";
  if (result.code === 0) return record.commandFailed ? "failure" : "success";
  log.error(result.code === null ? `Process ended by ${result.signal}.` : `Process completed with exit code ${result.code}.`);
  return "failure";
}

async function runUses(scope, step, raw, stepEnv, envContext, token, record, log) {
  const job = scope.job;
  const uses = step.uses.value;
  const evalScope = { contexts: scope.contexts(envContext, { action: step.id }), status: scope.statusNow() };
  const withValues = textMap(field(raw, "with"), evalScope, "with");
  let where;
  if (uses.startsWith("./")) {
    const dir = resolve(job.run.workspace, uses);
    const rel = relative(job.run.workspace, dir);
    if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${uses}: outside the workspace`);
    where = { dir, ref: "", repository: "" };
  } else {
    where = localAction(uses, job.run.localRepositories);
    if (!where) {
      const builtin = remoteAction(uses);
      record.outputs = builtin({ inputs: withValues, workspace: job.run.workspace, say: (m) => log.line(`  ${m}`),
        cacheDir: job.run.cacheDir, atJobEnd: (hook) => job.atEnd.push(hook) });
      return "success";
    }
  }
  const { dir } = where;
  const action = job.run.action(dir);
  if (action.template.runs.using !== "composite") {
    throw new Error(`${uses}: '${action.template.runs.using}' actions are not supported by this runner (composite only)`);
  }
  const inputs = actionInputs(action, withValues, evalScope, log, uses);
  const child = new Scope({
    job, parent: scope, token, depth: scope.depth + 1, inputs,
    action: where,
    callerEnv: { ...scope.callerEnv, ...stepEnv },
  });
  record.steps = await runSteps(child, action.template.runs.steps, field(action.raw, "runs", "steps"));
  const outputsScope = { contexts: child.contexts({ ...job.env, ...child.callerEnv }), status: child.statusNow() };
  for (const output of action.template.outputs ?? []) {
    try {
      record.outputs[output.id] = text(output.value, outputsScope, `outputs.${output.id}`);
    } catch (e) {
      log.error(`${uses}: outputs.${output.id}: ${e.message}`);
      child.status = "failure";
    }
  }
  if (child.status === "failure") return "failure";
  return token.cancelled ? "cancelled" : "success";
}

// `with:` against the action's `inputs:`; defaults for the rest. GitHub warns
// about undeclared inputs and does not enforce `required` for composite actions
// (actions/runner#1070); tests/lint/required-inputs.mjs does.
function actionInputs(action, withValues, evalScope, log, uses) {
  const defs = action.template.inputs ?? [];
  const declared = new Map(defs.map((d) => [d.id.toLowerCase(), d]));
  const unexpected = Object.keys(withValues).filter((k) => !declared.has(k.toLowerCase()));
  if (unexpected.length) {
    log.warning(`Unexpected input(s) ${unexpected.map((k) => `'${k}'`).join(", ")}, valid inputs are ` +
      `[${defs.map((d) => `'${d.id}'`).join(", ")}]`);
  }
  const given = Object.fromEntries(Object.entries(withValues).map(([k, v]) => [k.toLowerCase(), v]));
  const inputs = {};
  for (const def of defs) {
    const key = def.id.toLowerCase();
    if (key in given) inputs[def.id] = given[key];
    else {
      inputs[def.id] = def.default === undefined ? "" : text(def.default, evalScope, `inputs.${def.id}.default`);
      if (def.required) log.line(`  note: ${uses} input '${def.id}' is required and was not given (GitHub runs the action anyway)`);
    }
  }
  return inputs;
}
