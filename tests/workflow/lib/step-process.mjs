// Runs one step's process and stops it the way the runner's ProcessInvoker
// does on cancellation: SIGINT to the process (not its group), SIGTERM after
// 7.5 s, SIGKILL 2.5 s later. The process gets its own session so a Ctrl-C at
// the runner's terminal reaches only the runner, which then decides.
import { spawn } from "node:child_process";

export const SIGINT_GRACE_MS = 7500;
export const SIGTERM_GRACE_MS = 2500;

function lineSplitter(onLine) {
  let rest = "";
  return {
    push(chunk) {
      rest += chunk;
      const lines = rest.split("\n");
      rest = lines.pop();
      for (const l of lines) onLine(l.replace(/\r$/, ""));
    },
    flush() {
      if (rest !== "") onLine(rest);
      rest = "";
    },
  };
}

// Resolves { code, signal, error, cancelled, signalsSent: ["SIGINT@0ms", ...] }; `processes`
// (a Set) holds the child while it runs, for a forced stop.
export function runProcess({ command, args, cwd, env, token, onLine, onCancel, processes }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    processes?.add(child);
    const out = lineSplitter((l) => onLine(l, "stdout"));
    const err = lineSplitter((l) => onLine(l, "stderr"));
    child.stdout.setEncoding("utf8").on("data", (c) => out.push(c));
    child.stderr.setEncoding("utf8").on("data", (c) => err.push(c));
    const signalsSent = [];
    const timers = [];
    let cancelled = false;
    let exited = false;
    const started = Date.now();
    const send = (signal) => {
      if (exited) return;
      signalsSent.push(`${signal}@${Date.now() - started}ms`);
      try {
        process.kill(child.pid, signal);
      } catch {
        // already gone
      }
    };
    const stopListening = token.onCancel((reason) => {
      if (exited || cancelled) return;
      cancelled = true;
      onCancel?.(reason, child.pid);
      send("SIGINT");
      timers.push(setTimeout(() => {
        send("SIGTERM");
        timers.push(setTimeout(() => send("SIGKILL"), SIGTERM_GRACE_MS));
      }, SIGINT_GRACE_MS));
    });
    const finish = (result) => {
      if (finished) return;
      finished = true;
      exited = true;
      processes?.delete(child);
      stopListening();
      timers.forEach(clearTimeout);
      out.flush();
      err.flush();
      resolve({ ...result, cancelled, signalsSent });
    };
    let finished = false;
    child.on("error", (error) => finish({ code: null, signal: null, error }));
    // A process that exited while a child of its own still holds stdout open:
    // like the runner, stop waiting for the streams 5 s after the exit.
    child.on("exit", (code, signal) => {
      exited = true;
      timers.push(setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ code, signal });
      }, 5000));
    });
    child.on("close", (code, signal) => finish({ code, signal }));
  });
}
