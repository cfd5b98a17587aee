// How the page runs events, in one module (one request) with three parts:
//
// - the connection: the page's one websocket (see docs/protocol.md);
// - the scheduler: which dependencies an event fires and how their jobs go;
// - the display: what the page shows of that work (status, validation, toasts).

import { el } from "../base.js";

// === the connection ====================================================================
// The page's one websocket (see docs/protocol.md): connects, keeps what is sent
// before the session is known, reconnects to the same session after a loss, and
// says goodbye when the page goes away.

const RETRY_MS = 1000;
// The server closes a page's connection with this code when its visitor must sign in
// (logged out, login expired): the page reloads, and the server shows its login page.
export const SIGNED_OUT = 4401;

// Reload at most once in 10 seconds, so that a server that keeps refusing cannot
// make the page reload in a loop.
export function signInAgain() {
  const last = Number(sessionStorage.getItem("blocks-signed-out") || 0);
  if (Date.now() - last < 10000) return false;
  sessionStorage.setItem("blocks-signed-out", String(Date.now()));
  location.reload();
  return true;
}

export class Connection {
  // `onMessage(message)` gets every frame, parsed; `onLost(unsent)` is told when an
  // open connection drops (`unsent`: the ids of events still waiting to be sent);
  // `onRetry(attempt)` before each new attempt while the server cannot be reached;
  // `onSignedOut()` when the server says the visitor must sign in again.
  // `pageToken`: the page shell's token, shown on connecting: this is the app's own page
  // (it may run private listeners; a program connecting without it may not).
  constructor(root, { onMessage, onLost = () => {}, onRetry = () => {}, onSignedOut = () => {},
                      pageToken = null }) {
    this.root = root;
    this.pageToken = pageToken;
    this.onMessage = onMessage;
    this.onLost = onLost;
    this.onRetry = onRetry;
    this.onSignedOut = onSignedOut;
    this.ws = null;
    this.sessionHash = null;
    this.outbox = [];
    this.attempts = 0; // failed attempts since the connection was lost
    this.leaving = false;
    this.navigating = false; // the page is on its way elsewhere (a link, e.g. to /logout)
    window.addEventListener("pagehide", () => this.leave());
    window.addEventListener("beforeunload", () => {
      this.navigating = true;
    });
  }

  connect() {
    const url = new URL(`${this.root}/ws`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = location.search;
    if (this.sessionHash) url.searchParams.set("__session", this.sessionHash);
    if (this.pageToken) url.searchParams.set("__page", this.pageToken);
    const ws = new WebSocket(url);
    this.ws = ws;
    let opened = false;
    ws.addEventListener("open", () => {
      opened = true;
    });
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "session") {
        this.attempts = 0;
        this.sessionHash = message.session_hash;
        for (const queued of this.outbox.splice(0)) ws.send(JSON.stringify(queued));
      }
      this.onMessage(message);
    });
    ws.addEventListener("close", (event) => {
      // 4001: another connection took this page's session over; coming back would take it back
      if (this.ws !== ws || this.leaving || event.code === 4001) return;
      if (event.code === SIGNED_OUT) {
        this.ws = null;
        this.leaving = true;
        // a page already leaving (its own /logout link) goes on; the others reload at once
        setTimeout(() => this.onSignedOut(), this.navigating ? 2000 : 0);
        return;
      }
      this.ws = null;
      if (opened) {
        this.onLost(new Set(this.outbox.filter((m) => m.type === "event").map((m) => m.id)));
      } else {
        this.attempts += 1;
      }
      setTimeout(() => {
        if (this.leaving) return;
        if (this.attempts) this.onRetry(this.attempts);
        this.connect();
      }, RETRY_MS);
    });
  }

  get open() {
    return !!(this.ws && this.ws.readyState === WebSocket.OPEN && this.sessionHash);
  }

  // Send a message now, or once the connection (and its session) is back.
  send(message) {
    if (this.open) this.ws.send(JSON.stringify(message));
    else this.outbox.push(message);
  }

  // Leaving the page ends the session at once (its unload functions run).
  leave() {
    this.leaving = true;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "close" }));
      this.ws.close(1000, "page closed");
    }
  }
}

// === the scheduler =====================================================================
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

// === the display =======================================================================
// What the page tells the user about the work it asked for: the status of a job
// on its outputs (queue position, elapsed time, progress bars), validation messages
// under the inputs a validator refused, and notifications (toasts).

// --- job status on a component ----------------------------------------------------------
// `status` is "pending" or "idle"; `queued` is a queued message (position, eta) or null;
// `progress` the levels of a progress message, or null.
export function showStatus(element, { mode, status, queued = null, progress = null }) {
  if (element.setStatus) element.setStatus(mode === "hidden" ? "idle" : status, queued);
  if (mode === "hidden") return;
  let tracker = element.querySelector(":scope > .status-tracker");
  if (status !== "pending") {
    tracker?.remove();
    return;
  }
  if (!tracker) {
    tracker = el("div", { class: `status-tracker status-${mode}`, role: "status" },
      el("span", { class: "status-queue" }), el("span", { class: "status-time" }));
    tracker.started = performance.now();
    element.append(tracker);
    const tick = () => {
      if (!tracker.isConnected) return;
      const seconds = ((performance.now() - tracker.started) / 1000).toFixed(1);
      tracker.querySelector(".status-time").textContent = `${seconds}s`;
      setTimeout(tick, 100);
    };
    setTimeout(tick, 100);
  }
  const queue = tracker.querySelector(".status-queue");
  if (queued) {
    const eta = queued.eta === null || queued.eta === undefined ? "" : ` | ${queued.eta.toFixed(1)}s`;
    queue.textContent = `queue: ${queued.position + 1}${eta}`;
  } else if (!progress) {
    queue.textContent = "";
  }
  if (progress) showProgress(tracker, progress);
}

function showProgress(tracker, levels) {
  tracker.querySelectorAll(".progress").forEach((node) => node.remove());
  for (const level of levels) {
    let fraction = level.progress;
    if (fraction === null && level.index !== null && level.length) {
      fraction = level.index / level.length;
    }
    const fill = el("div", { class: "progress-fill" });
    const text = el("span", { class: "progress-text" });
    const bar = el("div", { class: "progress", role: "progressbar",
                            "aria-label": level.desc || "Progress", "aria-valuemin": "0",
                            "aria-valuemax": "100" }, fill, text);
    if (fraction !== null && fraction !== undefined) {
      const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
      bar.setAttribute("aria-valuenow", String(percent));
      fill.style.width = `${percent}%`;
      const count = level.length ? ` ${level.index}/${level.length} ${level.unit || ""}` : "";
      text.textContent = `${level.desc ? level.desc + " " : ""}${percent}%${count}`;
    } else {
      text.textContent = `${level.desc || ""} ${level.index ?? ""} ${level.unit || ""}`.trim();
    }
    tracker.append(bar);
  }
}

// --- validation -------------------------------------------------------------------------
export function showValidation(element, message) {
  clearValidation(element);
  element.append(el("p", { class: "validation-error", role: "alert", text: message }));
  element.setAttribute("aria-invalid", "true");
}

export function clearValidation(element) {
  element.querySelectorAll(":scope > .validation-error").forEach((node) => node.remove());
  element.removeAttribute("aria-invalid");
}

// --- notifications ------------------------------------------------------------------------
// One region of toasts. A toast with the same kind, title and text as one still shown
// is not stacked: the shown one is updated (a count, a fresh timer) instead.
export class Toasts {
  constructor() {
    this.region = el("div", { class: "toasts", role: "region", "aria-label": "Notifications" });
    this.shown = new Map(); // key -> toast element
  }

  // `notice`: {title, message, duration (seconds, null = until closed), traceback}.
  // Returns the toast element; `key` names a toast to update later (e.g. "connection").
  show(notice, kind = "error", key = null) {
    const title = notice.title || kind.charAt(0).toUpperCase() + kind.slice(1);
    const id = key ?? JSON.stringify([kind, title, notice.message || "", notice.traceback || ""]);
    let box = this.shown.get(id);
    if (box && box.isConnected) {
      box.repeats = key === null ? box.repeats + 1 : 1;
    } else {
      box = this.make(id);
      box.repeats = 1;
    }
    box.className = `toast toast-${kind}`;
    box.setAttribute("role", kind === "info" || kind === "success" ? "status" : "alert");
    box.titleEl.textContent = title;
    box.countEl.textContent = box.repeats > 1 ? ` (${box.repeats}\u00d7)` : "";
    box.textEl.textContent = notice.message || "";
    box.traceEl.textContent = notice.traceback || "";
    box.traceEl.hidden = !notice.traceback;
    clearTimeout(box.timer);
    const duration = notice.duration === undefined ? 10 : notice.duration;
    if (duration !== null) box.timer = setTimeout(() => this.close(id), duration * 1000);
    return box;
  }

  make(id) {
    const close = el("button", { type: "button", class: "toast-close",
                                 "aria-label": "Close notification", text: "\u00d7" });
    const box = el("div", {});
    box.titleEl = el("span");
    box.countEl = el("span", { class: "toast-count" });
    box.textEl = el("p");
    box.traceEl = el("pre");
    box.append(el("strong", {}, box.titleEl, box.countEl), box.textEl, close, box.traceEl);
    close.addEventListener("click", () => this.close(id));
    this.shown.set(id, box);
    this.region.append(box);
    return box;
  }

  close(id) {
    const box = this.shown.get(id);
    if (!box) return;
    clearTimeout(box.timer);
    box.remove();
    this.shown.delete(id);
  }
}
