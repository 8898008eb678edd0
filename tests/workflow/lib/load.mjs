// Workflow and action files, parsed and converted by GitHub's own parser
// (@actions/workflow-parser). The converted templates leave out a few step and
// job keys (with, shell, working-directory, timeout-minutes, defaults); those are
// read from the parsed token tree, which is what `raw` is.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from "@actions/workflow-parser";
import { convertActionTemplate, parseAction } from "@actions/workflow-parser/actions/index";
import { isMarkdown, workflowInMarkdown } from "./markdown-workflow.mjs";

export class DefinitionError extends Error {}

function read(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new DefinitionError(`${path}: cannot read: ${e.code ?? e.message}`);
  }
}

function check(path, context) {
  const errors = context.errors.getErrors();
  if (errors.length) throw new DefinitionError(errors.map((e) => e.message).join("\n"));
  return path;
}

// A workflow file, or the workflow a Markdown page shows (markdown-workflow.mjs).
export async function loadWorkflow(path) {
  let file = { name: path, content: read(path) };
  if (isMarkdown(path)) {
    try {
      const block = workflowInMarkdown(path, file.content);
      file = { name: `${path} (the workflow at line ${block.line})`, content: block.content };
    } catch (e) {
      throw new DefinitionError(e.message);
    }
  }
  const parsed = parseWorkflow(file, new NoOperationTraceWriter());
  check(path, parsed.context);
  if (!parsed.value) throw new DefinitionError(`${path}: not a workflow`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  check(path, parsed.context);
  return { path, template, raw: parsed.value };
}

export function actionFile(dir) {
  return ["action.yml", "action.yaml"].map((f) => join(dir, f)).find((f) => existsSync(f));
}

export function loadAction(dir) {
  const path = actionFile(dir);
  if (!path) throw new DefinitionError(`${dir}: no action.yml or action.yaml`);
  const parsed = parseAction({ name: path, content: read(path) }, new NoOperationTraceWriter());
  check(path, parsed.context);
  if (!parsed.value) throw new DefinitionError(`${path}: not an action`);
  const template = convertActionTemplate(parsed.context, parsed.value);
  check(path, parsed.context);
  return { dir, path, template, raw: parsed.value };
}

// The raw mapping of a key path, e.g. field(raw, "jobs", "build", "steps").
export function field(token, ...keys) {
  let t = token;
  for (const k of keys) {
    if (t === undefined || typeof t.find !== "function") return undefined;
    t = t.find(k);
  }
  return t;
}
