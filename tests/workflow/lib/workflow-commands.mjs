// Workflow commands a step prints on stdout or stderr (`::name k=v,k=v::message`),
// parsed as the runner's ActionCommandManager does.
const unescapeData = (s) => s.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%25/g, "%");
const unescapeProperty = (s) =>
  s.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%3A/gi, ":").replace(/%2C/gi, ",").replace(/%25/g, "%");

export function parseCommand(line) {
  const l = line.trimStart();
  if (!l.startsWith("::")) return null;
  const end = l.indexOf("::", 2);
  if (end < 0) return null;
  const head = l.slice(2, end);
  const space = head.indexOf(" ");
  const name = (space < 0 ? head : head.slice(0, space)).trim();
  if (!name) return null;
  const properties = {};
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(",")) {
      const eq = pair.indexOf("=");
      if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { name, properties, message: unescapeData(l.slice(end + 2)) };
}
