// Cancellation, as the runner's linked CancellationTokens: cancelling a token
// cancels its children (a composite action's steps follow their `uses:` step).
export class CancelToken {
  #listeners = new Set();
  #children = new Set();
  cancelled = false;
  reason = undefined;

  constructor(parent) {
    if (parent) {
      parent.#children.add(this);
      if (parent.cancelled) this.cancel(parent.reason);
    }
  }

  cancel(reason) {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    for (const l of [...this.#listeners]) l(reason);
    for (const c of [...this.#children]) c.cancel(reason);
  }

  // Returns a function that removes the listener.
  onCancel(listener) {
    if (this.cancelled) {
      listener(this.reason);
      return () => {};
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  detach() {
    this.#children.clear();
  }
}

// timeout-minutes in milliseconds. FLYPIN_WORKFLOW_MINUTE_MS shortens a minute
// for the runner's own tests only.
export function minutesToMs(minutes) {
  return minutes * (Number(process.env.FLYPIN_WORKFLOW_MINUTE_MS) || 60_000);
}
