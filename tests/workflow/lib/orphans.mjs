// The runner's end-of-job "Cleaning up orphan processes": every process whose
// environment carries this job's RUNNER_TRACKING_ID is killed.
import { readdirSync, readFileSync } from "node:fs";

export function findTracked(trackingId) {
  const needle = `RUNNER_TRACKING_ID=${trackingId}\0`;
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!`${readFileSync(`/proc/${entry}/environ`, "latin1")}\0`.includes(needle)) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").filter(Boolean).join(" ");
      found.push({ pid: Number(entry), cmd });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

export function killTracked(trackingId) {
  const found = findTracked(trackingId);
  for (const { pid } of found) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return found;
}
