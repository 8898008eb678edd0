// KEY=VALUE files as act reads them for --secret-file, --var-file and
// --env-file (godotenv): blank lines and `#` comments skipped, an optional
// `export ` prefix, values optionally in single quotes (literal) or double
// quotes (\n, \", \\ escapes); an unquoted value ends at ` #`.
import { readFileSync } from "node:fs";

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function unquote(raw, where) {
  const v = raw.trim();
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new Error(`${where}: unterminated single quote`);
    return v.slice(1, -1);
  }
  if (v.startsWith('"')) {
    if (!v.endsWith('"') || v.length < 2) throw new Error(`${where}: unterminated double quote`);
    return v.slice(1, -1).replace(/\\(.)/g, (_, c) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
  }
  const comment = v.search(/\s#/);
  return (comment >= 0 ? v.slice(0, comment) : v).trim();
}

export function parseDotenv(text, name) {
  const out = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const where = `${name}:${i + 1}`;
    const l = line.trim();
    if (!l || l.startsWith("#")) return;
    const body = l.startsWith("export ") ? l.slice(7).trim() : l;
    const eq = body.indexOf("=");
    if (eq <= 0) throw new Error(`${where}: expected KEY=VALUE`);
    const key = body.slice(0, eq).trim();
    if (!NAME.test(key)) throw new Error(`${where}: '${key}' is not a valid name`);
    out[key] = unquote(body.slice(eq + 1), where);
  });
  return out;
}

export function readDotenv(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read: ${e.code ?? e.message}`);
  }
  return parseDotenv(text, path);
}

// KEY=VALUE from the command line.
export function parsePair(pair, flag) {
  const eq = pair.indexOf("=");
  if (eq <= 0 || !NAME.test(pair.slice(0, eq))) throw new Error(`${flag} wants KEY=VALUE, got '${pair.split("=")[0]}'`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}
