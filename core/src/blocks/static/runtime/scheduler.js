// Dependencies and jobs: which listeners an event fires, their trigger modes
// (`once`, `multiple`, `always_last`), `js=` functions, cancellation, and what runs
// after a job ends (`then`, `success`, `failure`).

export class Scheduler {
  // `app` gives: dependencies(), elements, send(message), apply(dep, updates),
  // showStatus(job, status, ...), clearValidation(id), showValidation(dep, entries),
  // toast(notice, kind).
  constructor(app) {
    this.app = app;
    this.jobs = new Map(); // job id -> {id, dep}
    this.depState = new Map(); // dep id -> {running, again}
    this.sequence = 0;
  }

  // An event happened on component `id`: fire every dependency it targets.
  trigger(id, eventName, data) {
    for (const dep of this.app.dependencies()) {
      if (dep.targets.some(([target, name]) => target === id && name === eventName)) {
        this.fire(dep, { id, event: eventName }, data);
      }
    }
  }

  // `options` (streams.js): `stream` marks the job a stream; `values(values)` replaces
  // the inputs' values; `started(jobId)` learns the job's id before it is sent.
  async fire(dep, trigger, eventData, options = {}) {
    const app = this.app;
    for (const cancelled of dep.cancels || []) this.cancelDependency(cancelled);
    if (dep.client_updates) app.apply(dep, dep.client_updates);
    const state = this.depState.get(dep.id) || { running: 0, again: null };
    this.depState.set(dep.id, state);
    if (state.running && dep.trigger_mode === "once") return;
    if (state.running && dep.trigger_mode === "always_last") {
      state.again = { trigger, eventData };
      return;
    }
    for (const input of dep.inputs) app.clearValidation(input);
    let values = dep.inputs.map((input) => app.elements.get(input)?.value ?? null);
    if (dep.js) {
      try {
        const fn = new Function(`return (${dep.js});`)();
        const result = await fn(...values);
        if (!dep.has_fn) {
          const list = dep.outputs.length === 1 ? [result] : result || [];
          app.apply(dep, list.map((value) => ({ value })));
          this.chain(dep, "completed");
          return;
        }
        if (result !== undefined && dep.inputs.length) {
          values = dep.inputs.length === 1 ? [result] : result;
        }
      } catch (error) {
        app.toast({ title: "Error", message: String(error) }, "error");
        this.chain(dep, "failed");
        return;
      }
    }
    if (!dep.has_fn) {
      this.chain(dep, "completed");
      return;
    }
    this.sequence += 1;
    const jobId = `${dep.id}-${this.sequence}-${Math.random().toString(36).slice(2, 8)}`;
    const job = { id: jobId, dep };
    this.jobs.set(jobId, job);
    state.running += 1;
    app.showStatus(job, "pending");
    if (options.values) values = options.values(values);
    if (options.started) options.started(jobId);
    const message = { type: "event", id: jobId, fn: dep.id, data: values, trigger,
                      event_data: eventData ?? null };
    if (options.stream) message.stream = true;
    app.send(message);
    return jobId;
  }

  cancel(jobId) {
    this.app.send({ type: "cancel", id: jobId });
  }

  // Stop every job of a dependency (its `cancels` listeners, a Stop button).
  cancelDependency(depId) {
    const state = this.depState.get(depId);
    if (state) state.again = null;
    for (const [id, job] of this.jobs) {
      if (job.dep.id === depId) this.cancel(id);
    }
  }

  // A job ended (its `done` message, or a loss the page saw itself).
  finish(jobId, message) {
    const app = this.app;
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.jobs.delete(jobId);
    app.showStatus(job, "idle");
    if (app.streams) app.streams.finished(job, message);
    const state = this.depState.get(job.dep.id);
    state.running = Math.max(0, state.running - 1);
    if (message.state === "failed" && message.error) {
      if (message.error.validation) app.showValidation(job.dep, message.error.validation);
      if (message.error.visible !== false) app.toast(message.error, "error");
    }
    this.chain(job.dep, message.state);
    if (!state.running && state.again) {
      const again = state.again;
      state.again = null;
      this.fire(job.dep, again.trigger, again.eventData);
    }
  }

  // The connection dropped: every job sent on it ends failed (its frames have nowhere to
  // go); events still waiting in the outbox are sent once the connection is back.
  lost(unsent) {
    for (const id of [...this.jobs.keys()]) {
      if (unsent.has(id)) continue;
      this.finish(id, { state: "failed", error: { message: "The connection to the server was lost." } });
    }
  }

  // Run what is chained after `dep`. A step skipped because of the outcome passes
  // the outcome on, so `.success(a).failure(b)` runs b when the first step fails.
  chain(dep, outcome) {
    for (const next of this.app.dependencies()) {
      if (next.trigger_after !== dep.id) continue;
      const skip = (next.trigger_only_on_success && outcome !== "completed") ||
        (next.trigger_only_on_failure && outcome !== "failed");
      if (skip) this.chain(next, outcome);
      else this.fire(next, null, null);
    }
  }
}
