// Command line of the workflow runner: options, the contexts a run starts
// with (github, vars, secrets, the machine's environment), signals, results.
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { DefinitionError, field, loadWorkflow } from "./load.mjs";
import { parsePair, readDotenv } from "./dotenv.mjs";
import { Masker } from "./masker.mjs";
import { Printer } from "./printer.mjs";
import { Run } from "./run.mjs";
import { DEFAULT_MAPPINGS, parseMapping } from "./local-repositories.mjs";

const USAGE = `usage: run-workflow.mjs [options] WORKFLOW.yml|PAGE.md
Runs a GitHub workflow's jobs on this machine, as act -P <label>=-self-hosted would
(tests/workflow/SEMANTICS.md says what is and is not like GitHub). Given a Markdown
page, runs its first \`\`\`yaml block that starts with '# .github/workflows/NAME.yml'.
  --workspace DIR      the checkout the workflow runs in (default: the current directory)
  --event NAME         the triggering event (default: push; the workflow must have it in on:)
  --input K=V          a workflow_dispatch input (repeatable; the others take their default)
  --local-repository OWNER/NAME[@REF]=DIR
                       uses: OWNER/NAME[/PATH]@REF runs the action in DIR[/PATH], as act's
                       flag does (repeatable; flypin/flypin is this checkout by default)
  --ref REF            github.ref (default: refs/heads/main)
  --sha SHA            github.sha (default: HEAD of the workspace, if it is a git checkout)
  --repository O/N     github.repository (default: flypin/flypin)
  --secret-file FILE   KEY=VALUE secrets, as act's --secret-file (repeatable); --secret K=V
  --var-file FILE      KEY=VALUE variables, as act's --var-file (repeatable); --var K=V
  --env-file FILE      KEY=VALUE environment of the runner machine for every step; --env K=V
  --inherit-env        steps inherit the runner's whole environment (default: only PATH,
                       HOME, USER, LOGNAME, SHELL, LANG, LANGUAGE, LC_*, TZ, TERM, TMPDIR)
  --no-act             do not set ACT=true (act sets it in every job's env)
  --cache-dir DIR      where actions/cache@v4 keeps its entries, one directory per key, as
                       act's --cache-server-path (default: no cache, every key misses)
  --github-api-url URL github.api_url and GITHUB_API_URL: the GitHub the run talks to, as a
                       GitHub Enterprise Server's runner has its own (default:
                       https://api.github.com; the local stack's GitHub emulator)
  --temp DIR           where runner.temp directories go (default: a new one under $TMPDIR)
  --keep-temp          keep them afterwards
  --report FILE        write the result as JSON (jobs, steps, outcomes, outputs; masked)
  --summary FILE       write the steps' GITHUB_STEP_SUMMARY text (masked)
  --debug              print ::debug:: lines
Exit status: 0 success, 1 a job failed, 2 usage or an invalid/unsupported workflow,
130 cancelled (SIGINT or SIGTERM to the runner cancels the run; a second one stops at once).`;

const PASSED_ENV = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TERM|TMPDIR)$/;

class UsageError extends Error {}

function parseArgs(argv) {
  const o = { secrets: {}, vars: {}, env: {}, inputs: {}, localRepositories: [], event: "push",
    ref: "refs/heads/main", repository: "flypin/flypin", act: true, inheritEnv: false, keepTemp: false, debug: false };
  const files = [];
  const need = (i, flag) => {
    if (i >= argv.length) throw new UsageError(`${flag} needs a value`);
    return argv[i];
  };
  const into = (target, pairs) => Object.assign(target, pairs);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "-h": case "--help": throw new UsageError("");
      case "--workspace": o.workspace = need(++i, a); break;
      case "--event": o.event = need(++i, a); break;
      case "--ref": o.ref = need(++i, a); break;
      case "--sha": o.sha = need(++i, a); break;
      case "--repository": o.repository = need(++i, a); break;
      case "--secret-file": into(o.secrets, readDotenv(need(++i, a))); break;
      case "--var-file": into(o.vars, readDotenv(need(++i, a))); break;
      case "--env-file": into(o.env, readDotenv(need(++i, a))); break;
      case "--secret": into(o.secrets, Object.fromEntries([parsePair(need(++i, a), a)])); break;
      case "--var": into(o.vars, Object.fromEntries([parsePair(need(++i, a), a)])); break;
      case "--env": into(o.env, Object.fromEntries([parsePair(need(++i, a), a)])); break;
      case "--input": into(o.inputs, Object.fromEntries([parsePair(need(++i, a), a)])); break;
      case "--local-repository":
        try {
          o.localRepositories.push(parseMapping(need(++i, a)));
        } catch (e) {
          throw new UsageError(e.message);
        }
        break;
      case "--inherit-env": o.inheritEnv = true; break;
      case "--no-act": o.act = false; break;
      case "--temp": o.temp = need(++i, a); break;
      case "--cache-dir": o.cacheDir = resolve(need(++i, a)); break;
      case "--github-api-url": o.githubApiUrl = need(++i, a); break;
      case "--keep-temp": o.keepTemp = true; break;
      case "--report": o.report = need(++i, a); break;
      case "--summary": o.summary = need(++i, a); break;
      case "--debug": o.debug = true; break;
      default:
        if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
        files.push(a);
    }
  }
  if (files.length !== 1) throw new UsageError("give exactly one workflow file");
  if (!/^[^/\s]+\/[^/\s]+$/.test(o.repository)) throw new UsageError(`--repository wants OWNER/NAME, got '${o.repository}'`);
  o.workflow = files[0];
  return o;
}

function headSha(workspace) {
  try {
    return execFileSync("git", ["-C", workspace, "rev-parse", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString().trim();
  } catch {
    return "0".repeat(40);
  }
}

// workflow_dispatch inputs as GitHub hands them to the `inputs` context: the
// given ones, the rest at their default; a boolean input is a boolean.
function dispatchInputs(o, workflow) {
  if (o.event !== "workflow_dispatch") {
    if (Object.keys(o.inputs).length) throw new DefinitionError("--input is for --event workflow_dispatch");
    return {};
  }
  const defs = workflow.template.events.workflow_dispatch?.inputs ?? {};
  const unknown = Object.keys(o.inputs).filter((k) => !(k in defs));
  if (unknown.length) throw new DefinitionError(`input(s) ${unknown.join(", ")} not declared by on.workflow_dispatch`);
  const inputs = {};
  for (const [name, def] of Object.entries(defs)) {
    const given = o.inputs[name];
    if (given === undefined && def.required && def.default === undefined) {
      throw new DefinitionError(`input ${name} is required`);
    }
    if (def.type === "boolean") {
      const v = given ?? String(def.default ?? false);
      if (v !== "true" && v !== "false") throw new DefinitionError(`input ${name} is a boolean, not '${v}'`);
      inputs[name] = v === "true";
    } else {
      inputs[name] = given ?? (def.default === undefined ? "" : String(def.default));
    }
  }
  return inputs;
}

function settingsFor(o, workflow) {
  const workspace = realpathSync(resolve(o.workspace ?? "."));
  const tempRoot = mkdtempSync(join(o.temp ? resolve(o.temp) : tmpdir(), "flypin-workflow-"));
  const sha = o.sha ?? headSha(workspace);
  const runId = String(Date.now());
  const [owner] = o.repository.split("/");
  const refName = o.ref.replace(/^refs\/(heads|tags)\//, "");
  const name = field(workflow.raw, "name")?.value ?? relative(workspace, resolve(o.workflow));
  const inputs = dispatchInputs(o, workflow);
  const github = {
    event_name: o.event, event: o.event === "workflow_dispatch" ? { inputs } : {}, ref: o.ref, ref_name: refName, ref_type: o.ref.startsWith("refs/tags/") ? "tag" : "branch",
    sha, repository: o.repository, repository_owner: owner, run_id: runId, run_number: "1", run_attempt: "1",
    workflow: name, actor: "flypin", triggering_actor: "flypin", server_url: "https://github.com",
    api_url: o.githubApiUrl ?? "https://api.github.com", graphql_url: "https://api.github.com/graphql", workspace,
    token: o.secrets.GITHUB_TOKEN ?? "", head_ref: "", base_ref: "", retention_days: "0",
  };
  const machineEnv = Object.fromEntries(Object.entries(process.env)
    .filter(([k]) => o.inheritEnv || PASSED_ENV.test(k)));
  Object.assign(machineEnv, o.env);
  const defaultEnv = {
    CI: "true", GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: o.event,
    GITHUB_REF: o.ref, GITHUB_REF_NAME: refName, GITHUB_REF_TYPE: github.ref_type, GITHUB_SHA: sha,
    GITHUB_REPOSITORY: o.repository, GITHUB_REPOSITORY_OWNER: owner, GITHUB_RUN_ID: runId, GITHUB_RUN_NUMBER: "1",
    GITHUB_RUN_ATTEMPT: "1", GITHUB_WORKFLOW: name, GITHUB_ACTOR: "flypin", GITHUB_TRIGGERING_ACTOR: "flypin",
    GITHUB_SERVER_URL: github.server_url, GITHUB_API_URL: github.api_url, GITHUB_GRAPHQL_URL: github.graphql_url,
    GITHUB_RETENTION_DAYS: "0", RUNNER_OS: "Linux", RUNNER_ARCH: "X64", RUNNER_NAME: "flypin-workflow-runner",
    RUNNER_ENVIRONMENT: "self-hosted", ...(o.debug ? { RUNNER_DEBUG: "1" } : {}),
  };
  return { workspace, tempRoot, cacheDir: o.cacheDir, keepTemp: o.keepTemp, debug: o.debug, act: o.act, github, machineEnv, defaultEnv,
    vars: o.vars, secrets: o.secrets, inputs, localRepositories: [...o.localRepositories, ...DEFAULT_MAPPINGS] };
}

const EXIT = { success: 0, failure: 1, cancelled: 130 };

export async function main(argv) {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError && !e.message) {
      console.log(USAGE);
      return 0;
    }
    console.error(`run-workflow: ${e.message}\n${e instanceof UsageError ? USAGE : ""}`.trimEnd());
    return 2;
  }
  const masker = new Masker();
  const printer = new Printer(masker);
  let run;
  try {
    const workflow = await loadWorkflow(o.workflow);
    if (!(o.event in workflow.template.events)) {
      throw new DefinitionError(`${o.workflow} does not run on '${o.event}' (on: ${Object.keys(workflow.template.events).join(", ")})`);
    }
    run = new Run(workflow, settingsFor(o, workflow), printer, masker);
  } catch (e) {
    console.error(`run-workflow: ${masker.mask(e.message)}`);
    return 2;
  }
  const onSignal = (signal) => run.cancel(signal);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  run.prepareTemp();
  printer.run(`workflow ${run.github.workflow} (${o.workflow}) on ${o.event}, run ${run.github.run_id}, ` +
    `workspace ${run.workspace}`);
  let result;
  try {
    result = await run.execute();
  } catch (e) {
    printer.run(`error: ${e.message}`);
    result = e instanceof DefinitionError ? "invalid" : "failure";
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    if (!run.keepTemp) rmSync(run.tempRoot, { recursive: true, force: true });
  }
  run.writeOutputs(o);
  printer.run(`result: ${result} (${Object.entries(run.results).map(([j, r]) => `${j} ${r}`).join(", ")})`);
  return EXIT[result] ?? 2;
}
