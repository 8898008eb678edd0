// Environment files a step writes (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH,
// GITHUB_STEP_SUMMARY, GITHUB_STATE), read after the step as the runner's
// FileCommandManager does: `NAME=VALUE` or `NAME<<DELIMITER` ... `DELIMITER`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

const FILES = { GITHUB_OUTPUT: "set_output_", GITHUB_ENV: "set_env_", GITHUB_PATH: "add_path_",
  GITHUB_STEP_SUMMARY: "step_summary_", GITHUB_STATE: "save_state_" };

export function createFiles(dir) {
  mkdirSync(dir, { recursive: true });
  const suffix = randomUUID();
  const paths = {};
  for (const [name, prefix] of Object.entries(FILES)) {
    paths[name] = join(dir, prefix + suffix);
    writeFileSync(paths[name], "");
  }
  return paths;
}

function readText(path) {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

// Returns [[name, value], ...] in file order; throws on a malformed file.
export function parseKeyValues(text, what) {
  const lines = text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const eq = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq);
      if (!name) throw new Error(`Invalid ${what} format '${line}': the name must not be empty`);
      out.push([name, line.slice(eq + 1)]);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (!name || !delimiter) {
        throw new Error(`Invalid ${what} format '${line}': the name and the delimiter must not be empty`);
      }
      const value = [];
      for (i++; ; i++) {
        if (i >= lines.length) throw new Error(`Invalid ${what} value: matching delimiter not found '${delimiter}'`);
        if (lines[i] === delimiter) break;
        value.push(lines[i]);
      }
      out.push([name, value.join("\n")]);
    } else {
      throw new Error(`Invalid ${what} format '${line}'`);
    }
  }
  return out;
}

export function readFiles(paths) {
  return {
    outputs: parseKeyValues(readText(paths.GITHUB_OUTPUT), "output"),
    env: parseKeyValues(readText(paths.GITHUB_ENV), "environment variable"),
    path: readText(paths.GITHUB_PATH).split("\n").filter((l) => l !== ""),
    summary: readText(paths.GITHUB_STEP_SUMMARY),
  };
}
