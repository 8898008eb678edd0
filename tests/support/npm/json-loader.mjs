// @actions/workflow-parser imports its schema JSON without an import
// attribute, which Node 20 rejects; serve such files as plain ES modules.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json") && url.includes("/node_modules/")) {
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${text};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
