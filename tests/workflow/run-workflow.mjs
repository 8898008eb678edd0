#!/usr/bin/env node
// A small runner of GitHub workflows and composite actions for flypin's tests:
// node tests/workflow/run-workflow.mjs --help. Semantics: SEMANTICS.md.
import { register } from "node:module";

// @actions/workflow-parser imports its schema JSON without an import attribute.
register("../support/npm/json-loader.mjs", import.meta.url);
const { main } = await import("./lib/main.mjs");
process.exitCode = await main(process.argv.slice(2));
