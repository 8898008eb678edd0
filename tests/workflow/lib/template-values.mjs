// Values of parsed template tokens (@actions/workflow-parser) at run time:
// literals as they are, `${{ }}` through expressions.mjs.
//
// The parser builds the expression of a multi-line scalar (a `|` or `>-` block,
// a quoted or plain string spanning lines) from the token's raw source, keeping
// indentation, quotes and unfolded line breaks: right for an editor's ranges,
// wrong to run. Such tokens are decoded here as YAML decodes them and their
// `${{ }}` parts split again the way the parser splits a one-line string.
import YAML from "yaml";
import { isBasicExpression, isBoolean, isMapping, isNumber, isSequence, isString } from "@actions/workflow-parser";
import { evaluate, fromData, toData, toText, truthy } from "./expressions.mjs";

const OPEN = "${{";
const CLOSE = "}}";

// "a ${{ x }} b" -> [{text: "a "}, {expression: " x "}, {text: " b"}]
export function splitExpressions(text) {
  const parts = [];
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf(OPEN, i);
    if (start < 0) {
      parts.push({ text: text.slice(i) });
      break;
    }
    if (start > i) parts.push({ text: text.slice(i, start) });
    let inString = false;
    let end = -1;
    for (let j = start + OPEN.length; j < text.length; j++) {
      if (text[j] === "'") inString = !inString;
      else if (!inString && text[j] === "}" && text[j - 1] === "}") {
        end = j;
        break;
      }
    }
    if (end < 0) throw new Error(`unclosed ${OPEN} in '${text}'`);
    parts.push({ expression: text.slice(start + OPEN.length, end - 1) });
    i = end + 1;
  }
  return parts;
}

function spansLines(token) {
  return token.source !== undefined && token.range && token.range.start.line !== token.range.end.line;
}

function decodedScalar(token) {
  const header = token.blockScalarHeader;
  return YAML.parse(header ? `x: ${header}\n${token.source}` : `x: ${token.source}`).x;
}

function expressionData(token, scope) {
  if (!spansLines(token)) return evaluate(token.expression, scope.contexts, scope.status);
  const parts = splitExpressions(String(decodedScalar(token)));
  if (parts.length === 1 && parts[0].expression !== undefined) {
    return evaluate(parts[0].expression, scope.contexts, scope.status);
  }
  return toData(parts.map((p) => (p.text !== undefined ? p.text
    : toText(evaluate(p.expression, scope.contexts, scope.status), "expression"))).join(""));
}

// The text as written (no evaluation), e.g. for a step's display name.
export function literalText(token) {
  if (isString(token)) return token.value;
  if (spansLines(token)) return String(decodedScalar(token));
  return token.source ?? token.toDisplayString?.() ?? "";
}

// scope: { contexts: {name: value}, status: Status }
export function value(token, scope) {
  if (token === undefined) return undefined;
  if (isBasicExpression(token)) return fromData(expressionData(token, scope));
  if (isString(token) || isBoolean(token) || isNumber(token)) return token.value;
  if (isMapping(token)) {
    const out = {};
    for (const pair of token) out[text(pair.key, scope, "key")] = value(pair.value, scope);
    return out;
  }
  if (isSequence(token)) {
    const out = [];
    for (let i = 0; i < token.count; i++) out.push(value(token.get(i), scope));
    return out;
  }
  if (token.templateTokenType === 7) return null;
  throw new Error(`${token.toDisplayString?.() ?? "a value"}: \${{ insert }} and other directives are not supported`);
}

export function text(token, scope, where) {
  if (token === undefined) return "";
  if (isBasicExpression(token)) return toText(expressionData(token, scope), where);
  const v = value(token, scope);
  return v === null ? "" : String(v);
}

// A mapping of names to strings (env, with, outputs' values).
export function textMap(token, scope, where) {
  const out = {};
  if (token === undefined) return out;
  if (!isMapping(token)) {
    const v = value(token, scope);
    if (v === null) return out;
    if (typeof v !== "object" || Array.isArray(v)) throw new Error(`${where}: expected a mapping`);
    for (const [k, x] of Object.entries(v)) out[k] = x === null ? "" : typeof x === "object" ? JSON.stringify(x) : String(x);
    return out;
  }
  for (const pair of token) out[text(pair.key, scope, where)] = text(pair.value, scope, `${where}.${pair.key}`);
  return out;
}

// `if:` as the converter left it (always one expression, status function added).
export function condition(token, scope) {
  return truthy(evaluate(token.expression, scope.contexts, scope.status));
}
