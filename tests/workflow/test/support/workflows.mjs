// Each workflow in its two forms: this repository's own (.github/workflows,
// its actions from the checkout: uses: ./actions/NAME) and the copy users take
// (examples/workflows, the released actions: uses: flypin/flypin/actions/NAME@v1,
// which the runner maps to this checkout). tests/lint/check_workflow_copies.py
// keeps the two the same but for those paths; the tests run both.
import { join } from "node:path";
import { REPO } from "./runner.mjs";

const FORMS = {
  example: { dir: join(REPO, "examples", "workflows"), action: (name) => `flypin/flypin/actions/${name}@v1` },
  own: { dir: join(REPO, ".github", "workflows"), action: (name) => `./actions/${name}` },
};

export const FORM_NAMES = Object.keys(FORMS);

// `form`: "example" (the default) or "own". -> { path, step(name) }: the file,
// and the name the runner gives a step that uses the action NAME.
export function workflowIn(form = "example", file) {
  const f = FORMS[form];
  if (!f) throw new Error(`no workflow form '${form}' (${FORM_NAMES.join(", ")})`);
  return { path: join(f.dir, file), step: (name) => `Run ${f.action(name)}` };
}
