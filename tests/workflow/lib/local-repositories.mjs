// Remote actions that resolve to a directory on this machine, as act's
// --local-repository does (nektos/act#2155): `uses: OWNER/NAME[/PATH]@REF` runs
// the composite action in DIR[/PATH], with github.action_repository OWNER/NAME
// and github.action_ref REF, so a workflow written for users (flypin/flypin@v1)
// runs unchanged against this checkout.
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// The checkout that holds this runner: what `flypin/flypin` means here by default.
export const THIS_CHECKOUT = fileURLToPath(new URL("../../..", import.meta.url));

const USES = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)((?:\/[^@]+)?)@(.+)$/;
const MAPPING = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(?:@([^=]+))?=(.+)$/;

// "OWNER/NAME[@REF]=DIR" -> { repository, ref (undefined: any), dir }
export function parseMapping(text) {
  const m = text.match(MAPPING);
  if (!m) throw new Error(`--local-repository wants OWNER/NAME[@REF]=DIR, got '${text}'`);
  const dir = resolve(m[3]);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--local-repository ${text}: no directory ${dir}`);
  return { repository: m[1], ref: m[2], dir };
}

export const DEFAULT_MAPPINGS = [{ repository: "flypin/flypin", ref: undefined, dir: THIS_CHECKOUT }];

// The local action a remote `uses:` names, or undefined when no mapping holds it.
export function localAction(uses, mappings) {
  const m = uses.match(USES);
  if (!m) return undefined;
  const [, repository, path, ref] = m;
  const found = mappings.find((x) => x.repository.toLowerCase() === repository.toLowerCase() &&
    (x.ref === undefined || x.ref === ref));
  if (!found) return undefined;
  const dir = join(found.dir, path);
  const rel = relative(found.dir, dir);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${uses}: outside ${repository}`);
  return { dir, repository, ref };
}
