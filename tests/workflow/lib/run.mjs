// A workflow run: jobs one at a time in `needs` order, job `if:` against the
// results of the jobs it depends on, `needs.<job>.outputs`, and cancellation of
// the whole run (SIGINT or SIGTERM to the runner, like "Cancel workflow").
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Status } from "./expressions.mjs";
import { condition, textMap } from "./template-values.mjs";
import { DefinitionError, loadAction } from "./load.mjs";
import { Job } from "./job.mjs";

function checkSupported(workflow) {
  const problems = [];
  for (const job of workflow.template.jobs) {
    const id = job.id.value;
    if (job.type !== "job") problems.push(`${id}: reusable workflows are not supported`);
    for (const key of ["strategy", "container", "services"]) {
      if (job[key]) problems.push(`${id}: '${key}' is not supported by this runner`);
    }
  }
  if (problems.length) throw new DefinitionError(`${workflow.path}:\n  ${problems.join("\n  ")}`);
}

function ordered(jobs) {
  const byId = new Map(jobs.map((j) => [j.id.value, j]));
  const done = new Set();
  const out = [];
  const visit = (job, path) => {
    const id = job.id.value;
    if (done.has(id)) return;
    if (path.includes(id)) throw new DefinitionError(`jobs form a cycle: ${[...path, id].join(" -> ")}`);
    for (const need of job.needs ?? []) {
      const dep = byId.get(need.value);
      if (!dep) throw new DefinitionError(`${id} needs '${need.value}', which is not a job`);
      visit(dep, [...path, id]);
    }
    done.add(id);
    out.push(job);
  };
  for (const job of jobs) visit(job, []);
  return out;
}

export class Run {
  constructor(workflow, settings, printer, masker) {
    checkSupported(workflow);
    Object.assign(this, settings);
    this.workflow = workflow;
    this.raw = workflow.raw;
    this.printer = printer;
    this.masker = masker;
    this.cancelled = false;
    this.forced = false;
    this.processes = new Set();
    this.annotations = [];
    this.summaries = [];
    this.results = {};
    this.jobs = new Map();
    this.actions = new Map();
    this.current = undefined;
    for (const v of Object.values(this.secrets)) masker.add(v);
  }

  action(dir) {
    if (!this.actions.has(dir)) this.actions.set(dir, loadAction(dir));
    return this.actions.get(dir);
  }

  ancestors(job) {
    const seen = new Set();
    const walk = (j) => {
      for (const n of j.needs ?? []) {
        if (seen.has(n.value)) continue;
        seen.add(n.value);
        walk(this.workflow.template.jobs.find((x) => x.id.value === n.value));
      }
    };
    walk(job);
    return [...seen];
  }

  // "Cancel workflow": jobs whose `if:` still holds keep running (docs:
  // workflow-cancellation-reference); a second signal stops everything now.
  cancel(signal) {
    if (this.cancelled) {
      this.printer.run(`${signal} again: stopping every step process now (SIGKILL)`);
      this.forced = true;
      for (const child of this.processes) child.kill("SIGKILL");
      return;
    }
    this.cancelled = true;
    this.printer.run(`${signal}: cancelling the run`);
    const job = this.current;
    if (job && !this.jobCondition(job.def)) job.cancel("cancelled");
    else if (job) this.printer.run(`job ${job.id} keeps running (if: ${job.def.if.expression})`);
  }

  jobCondition(def) {
    const ancestors = this.ancestors(def).map((id) => this.results[id]);
    const status = new Status({
      success: ancestors.every((r) => r === "success") && !this.cancelled,
      failure: ancestors.includes("failure"),
      cancelled: this.cancelled,
    });
    const needs = this.needsContext(def);
    return condition(def.if, {
      contexts: { github: this.github, needs, vars: this.vars, secrets: {}, inputs: this.inputs, strategy: {}, matrix: {} },
      status,
    });
  }

  needsContext(def) {
    return Object.fromEntries((def.needs ?? []).map((n) => [n.value, {
      result: this.results[n.value], outputs: this.jobs.get(n.value)?.outputs ?? {},
    }]));
  }

  async execute() {
    const scope = { contexts: { github: this.github, vars: this.vars, secrets: this.secrets, env: {}, inputs: this.inputs },
      status: new Status({ success: true, failure: false, cancelled: false }) };
    this.workflowEnv = textMap(this.workflow.template.env, scope, "env");
    for (const def of ordered(this.workflow.template.jobs)) {
      const id = def.id.value;
      if (this.forced) {
        this.results[id] = "cancelled";
        continue;
      }
      let run;
      try {
        run = this.jobCondition(def);
      } catch (e) {
        this.printer.run(`job ${id}: if: ${e.message}`);
        this.results[id] = "failure";
        continue;
      }
      if (!run) {
        this.results[id] = this.cancelled ? "cancelled" : "skipped";
        this.printer.run(`job ${id} ${this.results[id]} (if: ${def.if.expression})`);
        continue;
      }
      const job = new Job(this, def);
      job.needsContext = this.needsContext(def);
      this.jobs.set(id, job);
      this.current = job;
      this.printer.run(`job ${id} starts${def.needs?.length ? ` (needs ${def.needs.map((n) => n.value).join(", ")})` : ""}`);
      this.results[id] = await job.execute();
      this.current = undefined;
      this.printer.run(`job ${id}: ${this.results[id]}`);
    }
    return this.result();
  }

  result() {
    if (this.cancelled) return "cancelled";
    return Object.values(this.results).includes("failure") ? "failure" : "success";
  }

  report() {
    const steps = (list) => list.map((s) => ({ ...s, steps: s.steps ? steps(s.steps) : undefined }));
    return {
      workflow: this.workflow.path,
      result: this.result(),
      jobs: Object.fromEntries(Object.entries(this.results).map(([id, result]) => {
        const job = this.jobs.get(id);
        return [id, { result, outputs: job?.outputs ?? {}, steps: job ? steps(job.steps) : [] }];
      })),
      annotations: this.annotations,
    };
  }

  writeOutputs({ report, summary }) {
    const masked = (t) => this.masker.mask(t);
    // Masked value by value: JSON escaping would hide a secret holding a quote from the masker.
    if (report) writeFileSync(report, `${JSON.stringify(this.report(), (k, v) => (typeof v === "string" ? masked(v) : v), 2)}\n`);
    if (summary) {
      writeFileSync(summary, masked(this.summaries.map((s) => `<!-- ${s.job}: ${s.step} -->\n${s.text}`).join("\n")));
    }
  }

  prepareTemp() {
    mkdirSync(join(this.tempRoot, "_tool"), { recursive: true });
  }
}
