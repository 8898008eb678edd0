// Every `uses:` of one of this repository's actions — local (`./`,
// `./actions/x`) or as users write it (`flypin/flypin@v1`,
// `flypin/flypin/actions/x@v1`) — in a workflow or a composite action must pass
// each input the action marks `required: true` and no input the action does not
// declare. GitHub enforces neither for composite actions (actions/runner#1070: a
// missing required input arrives as ''; an undeclared one is only a warning),
// and actionlint does not read local actions.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { NoOperationTraceWriter } from "@actions/workflow-parser";
import { convertActionTemplate, parseAction } from "@actions/workflow-parser/actions/index";

function actionAt(dir) {
  const path = ["action.yml", "action.yaml"].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!path) return undefined;
  const parsed = parseAction({ name: path, content: readFileSync(path, "utf8") }, new NoOperationTraceWriter());
  return parsed.value ? convertActionTemplate(parsed.context, parsed.value) : undefined;
}

function* stepLists(root, isWorkflow) {
  if (isWorkflow) {
    const jobs = root.find("jobs");
    for (let i = 0; jobs && i < jobs.count; i++) {
      const steps = jobs.get(i).value.find?.("steps");
      if (steps) yield steps;
    }
  } else {
    const steps = root.find("runs")?.find?.("steps");
    if (steps) yield steps;
  }
}

// `uses:` -> the directory of this repository's action it names, or undefined.
const OURS = /^flypin\/flypin((?:\/[^@]+)?)@.+$/;
function actionDir(uses, repoRoot) {
  if (uses.startsWith("./")) return resolve(repoRoot, uses);
  const m = uses.match(OURS);
  return m ? join(repoRoot, m[1]) : undefined;
}

// root: the parsed token tree of `path`; repoRoot: where `./` and flypin/flypin point.
export function checkLocalActionInputs(path, root, isWorkflow, repoRoot) {
  const problems = [];
  for (const steps of stepLists(root, isWorkflow)) {
    for (let i = 0; i < steps.count; i++) {
      const step = steps.get(i);
      const uses = step.find?.("uses");
      const dir = uses?.value ? actionDir(uses.value, repoRoot) : undefined;
      if (!dir) continue;
      const at = `${path}:${uses.line}:${uses.col}: uses: ${uses.value}`;
      const action = actionAt(dir);
      if (!action) {
        problems.push(`${at}: no action.yml there [local-action-inputs]`);
        continue;
      }
      const given = new Set();
      const withToken = step.find("with");
      for (let j = 0; withToken && j < withToken.count; j++) given.add(withToken.get(j).key.value.toLowerCase());
      const inputs = action.inputs ?? [];
      const missing = inputs.filter((d) => d.required && !given.has(d.id.toLowerCase())).map((d) => `'${d.id}'`);
      const declared = new Set(inputs.map((d) => d.id.toLowerCase()));
      const undeclared = [...given].filter((k) => !declared.has(k)).map((k) => `'${k}'`);
      if (missing.length) problems.push(`${at}: missing required input(s) ${missing.join(", ")} [local-action-inputs]`);
      if (undeclared.length) {
        problems.push(`${at}: input(s) ${undeclared.join(", ")} not declared by the action [local-action-inputs]`);
      }
    }
  }
  return problems;
}
