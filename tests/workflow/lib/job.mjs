// One job on this machine: its environment (workflow < job < GITHUB_ENV), its
// runner.temp, file and stdout commands, outputs, timeout and the end-of-job
// cleanup of orphan processes.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { CancelToken, minutesToMs } from "./cancel-token.mjs";
import { Scope, runSteps } from "./steps.mjs";
import { text, textMap } from "./template-values.mjs";
import { field } from "./load.mjs";
import { parseCommand } from "./workflow-commands.mjs";
import { readFiles } from "./file-commands.mjs";
import { killTracked } from "./orphans.mjs";

const DEFAULT_TIMEOUT_MINUTES = 360;

export class Job {
  constructor(run, def) {
    this.run = run;
    this.def = def;
    this.id = def.id.value;
    this.raw = field(run.raw, "jobs", this.id);
    this.status = "success";
    this.cancelled = false;
    this.timedOut = false;
    this.token = new CancelToken();
    this.env = {};
    this.prependPath = [];
    this.needsContext = {};
    this.trackingId = `github_${randomUUID()}`;
    this.temp = join(run.tempRoot, this.id, "_temp");
    this.fileCommandDir = join(this.temp, "_runner_file_commands");
    this.log = run.printer.job(this.id);
    this.steps = [];
    this.outputs = {};
    this.atEnd = [];  // post steps of remote actions (actions/cache's save), given the job's result
  }

  result() {
    if (this.status === "failure" || this.timedOut) return "failure";
    return this.cancelled ? "cancelled" : "success";
  }

  runnerContext() {
    return { os: "Linux", arch: "X64", name: "flypin-workflow-runner", environment: "self-hosted",
      temp: this.temp, tool_cache: join(this.run.tempRoot, "_tool"), ...(this.run.debug ? { debug: "1" } : {}) };
  }

  cancel(reason) {
    this.cancelled = true;
    this.token.cancel(reason);
  }

  processEnv(scope, stepEnv, files, stepId) {
    const env = {
      ...this.run.machineEnv,
      ...this.env,
      ...scope.callerEnv,
      ...stepEnv,
      ...this.run.defaultEnv,
      GITHUB_JOB: this.id,
      GITHUB_ACTION: stepId,
      GITHUB_ACTION_PATH: scope.action?.dir ?? "",
      GITHUB_ACTION_REPOSITORY: scope.action?.repository ?? "",
      GITHUB_ACTION_REF: scope.action?.ref ?? "",
      RUNNER_TEMP: this.temp,
      RUNNER_TOOL_CACHE: join(this.run.tempRoot, "_tool"),
      RUNNER_TRACKING_ID: this.trackingId,
      ...files,
    };
    if (!scope.embedded) delete env.GITHUB_ACTION_PATH;
    if (this.prependPath.length) {
      env.PATH = [...this.prependPath].reverse().join(":") + (env.PATH ? `:${env.PATH}` : "");
    }
    return env;
  }

  handleOutput(line, log, record) {
    const run = this.run;
    if (this.stopToken) {
      if (line.trim() === `::${this.stopToken}::`) this.stopToken = undefined;
      else log.out(line);
      return;
    }
    const command = parseCommand(line);
    if (!command) {
      log.out(line);
      return;
    }
    const { name, message, properties } = command;
    switch (name) {
      // Command lines themselves are not shown, as in GitHub's log.
      case "add-mask":
        run.masker.add(message);
        break;
      case "error":
      case "warning":
      case "notice":
        log.annotation(name, message, properties);
        run.annotations.push({ level: name, job: this.id, step: record.id, title: properties.title ?? "", message });
        break;
      case "debug":
        if (run.debug) log.out(`##[debug]${message}`);
        break;
      case "group":
        log.out(`[group] ${message}`);
        break;
      case "endgroup":
      case "echo":
        break;
      case "stop-commands":
        this.stopToken = message;
        break;
      case "set-output":
        log.warning("The `set-output` command is deprecated; use GITHUB_OUTPUT");
        record.outputs[properties.name ?? ""] = message;
        break;
      case "set-env":
      case "add-path":
        log.error(`Unable to process command '${line}' successfully. The \`${name}\` command is disabled.`);
        record.commandFailed = true;
        break;
      default:
        log.out(line);
    }
  }

  applyFiles(files, record, log) {
    let found;
    try {
      found = readFiles(files);
    } catch (e) {
      log.error(e.message);
      record.commandFailed = true;
      return;
    }
    for (const [k, v] of found.outputs) record.outputs[k] = v;
    for (const [k, v] of found.env) {
      if (k === "NODE_OPTIONS") log.warning("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
      else this.env[k] = v;
    }
    for (const p of found.path) {
      this.prependPath = this.prependPath.filter((x) => x !== p);
      this.prependPath.push(p);
    }
    if (found.summary) this.run.summaries.push({ job: this.id, step: record.name, text: found.summary });
  }


  async execute() {
    mkdirSync(this.fileCommandDir, { recursive: true });
    const run = this.run;
    const scope = new Scope({ job: this, inputs: run.inputs });
    let timer;
    try {
      this.env = { ...run.workflowEnv };
      this.env = { ...this.env, ...textMap(this.def.env, { contexts: scope.contexts(this.env), status: scope.statusNow() }, "env") };
      if (run.act) this.env.ACT = "true";
      const timeoutToken = field(this.raw, "timeout-minutes");
      const minutes = timeoutToken === undefined ? DEFAULT_TIMEOUT_MINUTES
        : Number(text(timeoutToken, { contexts: scope.contexts(this.env), status: scope.statusNow() }, "timeout-minutes"));
      timer = setTimeout(() => {
        this.timedOut = true;
        this.log.at(0).error(`The job has exceeded the maximum execution time of ${minutes} minutes.`);
        this.cancel("timeout");
      }, minutesToMs(minutes));
      this.steps = await runSteps(scope, this.def.steps, field(this.raw, "steps"));
    } catch (e) {
      this.log.at(0).error(e.message);
      this.status = "failure";
    } finally {
      clearTimeout(timer);
    }
    this.outputs = this.evaluateOutputs(scope);
    for (const hook of this.atEnd) {
      try {
        hook(this.result());
      } catch (e) {
        this.log.at(0).warning(`post step: ${e.message}`);
      }
    }
    const orphans = killTracked(this.trackingId);
    for (const o of orphans) this.log.at(0).line(`Cleaning up orphan process ${o.pid}: ${o.cmd}`);
    if (!run.keepTemp) rmSync(join(run.tempRoot, this.id), { recursive: true, force: true });
    return this.result();
  }

  // Job outputs; as the runner does, a value holding a secret is not passed on.
  evaluateOutputs(scope) {
    const out = {};
    if (!this.def.outputs) return out;
    for (const pair of this.def.outputs) {
      const name = pair.key.value;
      try {
        const v = text(pair.value, { contexts: scope.contexts(this.env), status: scope.statusNow() }, `outputs.${name}`);
        if (this.run.masker.contains(v)) this.log.at(0).warning(`Skip output '${name}' since it may contain secret.`);
        else out[name] = v;
      } catch (e) {
        this.log.at(0).error(`outputs.${name}: ${e.message}`);
      }
    }
    return out;
  }
}
