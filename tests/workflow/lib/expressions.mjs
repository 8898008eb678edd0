// `${{ }}` evaluation on GitHub's own expression library (@actions/expressions),
// with the runner's status functions and conversions between plain JS values
// and the library's ExpressionData.
import { Evaluator, Lexer, Parser, data } from "@actions/expressions";

const CONTEXTS = ["github", "env", "vars", "secrets", "inputs", "steps", "needs", "job", "jobs", "runner",
  "strategy", "matrix"];

// What success()/failure()/cancelled() answer where the expression is evaluated:
// the job (or, inside a composite action, the action) status and the run's cancellation.
export class Status {
  constructor({ success, failure, cancelled }) {
    Object.assign(this, { success, failure, cancelled });
  }
}

function statusFunctions(status) {
  const fn = (name, value) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) }];
  return new Map([
    fn("success", () => status.success),
    fn("failure", () => status.failure),
    fn("cancelled", () => status.cancelled),
    fn("always", () => true),
    ["hashfiles", { name: "hashFiles", minArgs: 1, maxArgs: 255, call: () => {
      throw new Error("hashFiles() is not supported by this runner (see tests/workflow/SEMANTICS.md)");
    } }],
  ]);
}

const FUNCTION_INFO = [
  { name: "success", minArgs: 0, maxArgs: 0 },
  { name: "failure", minArgs: 0, maxArgs: 0 },
  { name: "cancelled", minArgs: 0, maxArgs: 0 },
  { name: "always", minArgs: 0, maxArgs: 0 },
  { name: "hashFiles", minArgs: 1, maxArgs: 255 },
];

const DATA_CLASSES = [data.Null, data.StringData, data.NumberData, data.BooleanData, data.Array, data.Dictionary];

export function toData(value) {
  if (value === null || value === undefined) return new data.Null();
  if (DATA_CLASSES.some((c) => value instanceof c)) return value;
  switch (typeof value) {
    case "string": return new data.StringData(value);
    case "number": return new data.NumberData(value);
    case "boolean": return new data.BooleanData(value);
  }
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  return new data.Dictionary(...Object.entries(value).map(([key, v]) => ({ key, value: toData(v) })));
}

export function fromData(d) {
  switch (d.kind) {
    case data.Kind.Null: return null;
    case data.Kind.Boolean: return d.value;
    case data.Kind.Number: return d.number();
    case data.Kind.String: return d.coerceString();
    case data.Kind.Array: return d.values().map(fromData);
    default: return Object.fromEntries(d.pairs().map((p) => [p.key, fromData(p.value)]));
  }
}

// The runner's string conversion of a result: null is '', booleans and numbers
// as written; objects and arrays are an error where a string is expected.
export function toText(d, where) {
  if (d.primitive) return d.coerceString();
  throw new Error(`${where}: expected a string, got ${d.kind === data.Kind.Array ? "an array" : "an object"}`);
}

export function truthy(d) {
  switch (d.kind) {
    case data.Kind.Null: return false;
    case data.Kind.Boolean: return d.value;
    case data.Kind.Number: return d.number() !== 0 && !Number.isNaN(d.number());
    case data.Kind.String: return d.coerceString().length > 0;
    default: return true;
  }
}

// contexts: plain object of context name -> plain value (or ExpressionData).
export function evaluate(expression, contexts, status) {
  const tokens = new Lexer(expression).lex().tokens;
  const tree = new Parser(tokens, CONTEXTS, FUNCTION_INFO).parse();
  const dict = new data.Dictionary(...Object.entries(contexts).map(([key, v]) => ({ key, value: toData(v) })));
  return new Evaluator(tree, dict, statusFunctions(status)).evaluate();
}
