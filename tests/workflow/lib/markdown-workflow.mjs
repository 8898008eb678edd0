// The workflow a Markdown page shows: its first ```yaml block whose first line
// is a comment naming a workflow file (`# .github/workflows/deploy.yml`). The
// runner runs it and the lint checks it as if it were that file, so the
// README's workflow is exactly what CI executes.
import { readFileSync } from "node:fs";

const BLOCK = /^```ya?ml\n(# *(\.github\/workflows\/[^\s]+\.ya?ml)[^\n]*\n[\s\S]*?)^```$/m;

export function isMarkdown(path) {
  return /\.md$/i.test(path);
}

// -> { name: ".github/workflows/x.yml", content, line (of the block's first line in the page) }
export function workflowInMarkdown(path, text = readFileSync(path, "utf8")) {
  const m = text.match(BLOCK);
  if (!m) throw new Error(`${path}: no \`\`\`yaml block starting with '# .github/workflows/NAME.yml'`);
  const line = text.slice(0, m.index).split("\n").length + 1;
  return { name: m[2], content: m[1], line };
}
