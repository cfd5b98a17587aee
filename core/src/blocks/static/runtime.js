// The Blocks browser runtime: loads the config, builds the page from component
// modules, and runs events over one websocket (see docs/protocol.md).

import { configUrl } from "./pages.js";

const loaded = new Map(); // module path -> Promise

function loadModule(root, module) {
  if (!module) return Promise.resolve();
  if (!loaded.has(module)) loaded.set(module, import(`${root}/assets/${module}`));
  return loaded.get(module);
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class App {
  constructor(target, root) {
    this.target = target;
    this.root = root.replace(/\/$/, "");
    this.elements = new Map(); // component id -> element
    this.config = null;
    this.jobs = new Map(); // job id -> {dep, outputs}
    this.depState = new Map(); // dep id -> {running, again}
    this.renders = new Map(); // render placeholder id -> {ids, configs, deps}
    this.sequence = 0;
    this.outbox = [];
    this.ws = null;
    this.sessionHash = null;
    this.toasts = null;
  }

  async start() {
    const response = await fetch(configUrl(this.root), { credentials: "same-origin" });
    this.config = await response.json();
    this.components = new Map(this.config.components.map((c) => [c.id, c]));
    await Promise.all(this.config.components.map((c) => loadModule(this.root, c.module)));
    this.target.replaceChildren();
    this.toasts = document.createElement("div");
    this.toasts.className = "toasts";
    this.toasts.setAttribute("role", "region");
    this.toasts.setAttribute("aria-label", "Notifications");
    const container = document.createElement("div");
    container.className = "blocks-container gradio-container"; // the second for Gradio CSS
    container.classList.toggle("fill-width", !!this.config.fill_width);
    container.classList.toggle("fill-height", !!this.config.fill_height);
    for (const child of this.config.layout.children || []) container.append(this.build(child));
    this.target.append(container, this.toasts);
    // leaving the page ends the session at once (unload functions run)
    window.addEventListener("pagehide", () => {
      this.leaving = true;
      if (this.ws && this.ws.readyState === WebSocket.OPEN) {
        this.ws.send(JSON.stringify({ type: "close" }));
        this.ws.close(1000, "page closed");
      }
    });
    this.connect();
  }

  build(node) {
    const element = this.createElement(node.id, this.components.get(node.id));
    for (const child of node.children || []) element.append(this.build(child));
    return element;
  }

  createElement(id, spec) {
    const element = document.createElement(`blocks-${spec.type}`);
    element.blocks = this;
    element.dataset.blocksId = String(id);
    element.setProps(structuredClone(spec.props));
    element.addEventListener("blocks-event", (event) => {
      this.trigger(id, event.detail.name, event.detail.data);
    });
    this.elements.set(id, element);
    return element;
  }

  // Every dependency: the app's, then those the current renders made.
  *dependencies() {
    yield* this.config.dependencies;
    for (const render of this.renders.values()) yield* render.deps;
  }

  // Replace what a @gr.render placeholder shows. Keyed components keep their id:
  // their element is reused and keeps the props listed in `preserved`.
  async applyRender(payload) {
    const container = this.elements.get(payload.id);
    if (!container) return;
    const previous = this.renders.get(payload.id) || { ids: [], configs: new Map(), deps: [] };
    const configs = new Map();
    for (const component of payload.components) {
      configs.set(component.id, component.same ? previous.configs.get(component.id) : component);
    }
    await Promise.all([...configs.values()].map((c) => loadModule(this.root, c.module)));
    const reused = new Map();
    for (const id of previous.ids) {
      if (configs.has(id) && this.elements.has(id)) reused.set(id, this.elements.get(id));
      else this.elements.delete(id);
    }
    const place = (node) => {
      const spec = configs.get(node.id);
      let element = reused.get(node.id);
      if (element) {
        const props = structuredClone(spec.props);
        for (const kept of spec.preserved || []) delete props[kept];
        element.setProps(props);
        for (const old of element.querySelectorAll(":scope > [data-blocks-id]")) old.remove();
      } else {
        element = this.createElement(node.id, spec);
      }
      for (const child of node.children || []) element.append(place(child));
      return element;
    };
    const children = (payload.layout.children || []).map(place);
    container.replaceChildren(...children);
    const previousDeps = new Map(previous.deps.map((dep) => [dep.id, dep]));
    const deps = payload.dependencies.map((dep) => (dep.same ? previousDeps.get(dep.id) : dep));
    this.renders.set(payload.id, { ids: [...configs.keys()], configs, deps });
  }

  // --- the websocket ----------------------------------------------------------------
  connect() {
    const url = new URL(`${this.root}/ws`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = location.search;
    if (this.sessionHash) url.searchParams.set("__session", this.sessionHash);
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener("message", (event) => this.receive(JSON.parse(event.data)));
    ws.addEventListener("close", (event) => {
      // 4001: another connection took this page's session over; coming back would take it back
      if (this.ws !== ws || this.leaving || event.code === 4001) return;
      this.ws = null;
      for (const [id, job] of this.jobs) {
        this.finish(id, { state: "failed", error: { message: "The connection to the server was lost." } });
      }
      setTimeout(() => this.connect(), 1000);
    });
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.sessionHash) {
      this.ws.send(JSON.stringify(message));
    } else {
      this.outbox.push(message);
    }
  }

  receive(message) {
    switch (message.type) {
      case "session": {
        const first = this.sessionHash === null;
        if (!first && !message.resumed) this.toast({ title: "Reconnected", duration: 5,
          message: "The server no longer had this page's session; values kept on the server were reset." }, "warning");
        this.sessionHash = message.session_hash;
        for (const queued of this.outbox.splice(0)) this.ws.send(JSON.stringify(queued));
        if (first) this.trigger(this.config.layout.id, "load", null);
        break;
      }
      case "queued": {
        const job = this.jobs.get(message.id);
        if (job) this.showStatus(job, "pending", message);
        break;
      }
      case "started": {
        const job = this.jobs.get(message.id);
        if (job) this.showStatus(job, "pending", null);
        break;
      }
      case "output": {
        const job = this.jobs.get(message.id);
        if (job) {
          this.apply(job.dep, message.data);
          if (job.dep.scroll_to_output && !job.scrolled) {
            job.scrolled = true;
            this.elements.get(job.dep.outputs[0])?.scrollIntoView({ behavior: "smooth", block: "nearest" });
          }
        }
        break;
      }
      case "progress": {
        const job = this.jobs.get(message.id);
        if (job) this.showStatus(job, "pending", null, message.progress);
        break;
      }
      case "message":
        this.toast(message, message.level);
        break;
      case "done":
        this.finish(message.id, message);
        break;
      case "error":
        if (message.id && this.jobs.has(message.id)) {
          this.finish(message.id, { state: "failed", error: { message: message.message } });
        } else {
          this.toast({ title: "Error", message: message.message }, "error");
        }
        break;
      default:
        break;
    }
  }

  // --- events ---------------------------------------------------------------------------
  trigger(id, eventName, data) {
    for (const dep of this.dependencies()) {
      if (dep.targets.some(([target, name]) => target === id && name === eventName)) {
        this.fire(dep, { id, event: eventName }, data);
      }
    }
  }

  async fire(dep, trigger, eventData) {
    for (const cancelled of dep.cancels || []) this.cancelDependency(cancelled);
    if (dep.client_updates) this.apply(dep, dep.client_updates);
    const state = this.depState.get(dep.id) || { running: 0, again: null };
    this.depState.set(dep.id, state);
    if (state.running && dep.trigger_mode === "once") return;
    if (state.running && dep.trigger_mode === "always_last") {
      state.again = { trigger, eventData };
      return;
    }
    for (const input of dep.inputs) this.clearValidation(input);
    let values = dep.inputs.map((input) => this.elements.get(input)?.value ?? null);
    if (dep.js) {
      try {
        const fn = new Function(`return (${dep.js});`)();
        const result = await fn(...values);
        if (!dep.has_fn) {
          const list = dep.outputs.length === 1 ? [result] : result || [];
          this.apply(dep, list.map((value) => ({ value })));
          this.chain(dep, "completed");
          return;
        }
        if (result !== undefined && dep.inputs.length) {
          values = dep.inputs.length === 1 ? [result] : result;
        }
      } catch (error) {
        this.toast({ title: "Error", message: String(error) }, "error");
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
    this.showStatus(job, "pending", null);
    this.send({ type: "event", id: jobId, fn: dep.id, data: values, trigger,
                event_data: eventData ?? null });
    return jobId;
  }

  cancel(jobId) {
    this.send({ type: "cancel", id: jobId });
  }

  // Stop every job of a dependency (its `cancels` listeners, a Stop button).
  cancelDependency(depId) {
    const state = this.depState.get(depId);
    if (state) state.again = null;
    for (const [id, job] of this.jobs) {
      if (job.dep.id === depId) this.cancel(id);
    }
  }

  apply(dep, updates) {
    updates.forEach((update, index) => {
      if (update && update.render) {
        this.applyRender(update.render);
        return;
      }
      const id = dep.outputs[index];
      const element = this.elements.get(id);
      if (!element || !update) return;
      const changed = { ...(update.props || {}) };
      let valueChanged = update.changed === true; // a State the server says changed
      if ("value" in update) {
        valueChanged = !sameValue(element.value, update.value);
        changed.value = update.value;
      }
      if (Object.keys(changed).length) element.setProps(changed);
      if (valueChanged) this.trigger(id, "change", null);
    });
  }

  finish(jobId, message) {
    const job = this.jobs.get(jobId);
    if (!job) return;
    this.jobs.delete(jobId);
    this.showStatus(job, "idle", null);
    const state = this.depState.get(job.dep.id);
    state.running = Math.max(0, state.running - 1);
    if (message.state === "failed" && message.error) {
      if (message.error.validation) this.showValidation(job.dep, message.error.validation);
      if (message.error.visible !== false) this.toast(message.error, "error");
    }
    this.chain(job.dep, message.state);
    if (!state.running && state.again) {
      const again = state.again;
      state.again = null;
      this.fire(job.dep, again.trigger, again.eventData);
    }
  }

  // Run what is chained after `dep`. A step skipped because of the outcome passes
  // the outcome on, so `.success(a).failure(b)` runs b when the first step fails.
  chain(dep, outcome) {
    for (const next of this.dependencies()) {
      if (next.trigger_after !== dep.id) continue;
      const skip = (next.trigger_only_on_success && outcome !== "completed") ||
        (next.trigger_only_on_failure && outcome !== "failed");
      if (skip) this.chain(next, outcome);
      else this.fire(next, null, null);
    }
  }

  statusTargets(dep) {
    return dep.show_progress_on && dep.show_progress_on.length ? dep.show_progress_on : dep.outputs;
  }

  showStatus(job, status, queued, progress = null) {
    const mode = job.dep.show_progress;
    for (const id of this.statusTargets(job.dep)) {
      const element = this.elements.get(id);
      if (!element) continue;
      if (element.setStatus) element.setStatus(mode === "hidden" ? "idle" : status, queued);
      if (mode === "hidden") continue;
      let tracker = element.querySelector(":scope > .status-tracker");
      if (status !== "pending") {
        tracker?.remove();
        continue;
      }
      if (!tracker) {
        tracker = document.createElement("div");
        tracker.className = `status-tracker status-${mode}`;
        tracker.setAttribute("role", "status");
        tracker.started = performance.now();
        element.append(tracker);
        const tick = () => {
          if (!tracker.isConnected) return;
          const seconds = ((performance.now() - tracker.started) / 1000).toFixed(1);
          tracker.querySelector(".status-time").textContent = `${seconds}s`;
          setTimeout(tick, 100);
        };
        tracker.innerHTML = '<span class="status-queue"></span><span class="status-time"></span>';
        setTimeout(tick, 100);
      }
      const queue = tracker.querySelector(".status-queue");
      if (queued) {
        const eta = queued.eta === null || queued.eta === undefined ? "" : ` | ${queued.eta.toFixed(1)}s`;
        queue.textContent = `queue: ${queued.position + 1}${eta}`;
      } else if (!progress) {
        queue.textContent = "";
      }
      if (progress) this.showProgress(tracker, progress);
    }
  }

  showProgress(tracker, levels) {
    tracker.querySelectorAll(".progress").forEach((node) => node.remove());
    for (const level of levels) {
      let fraction = level.progress;
      if (fraction === null && level.index !== null && level.length) {
        fraction = level.index / level.length;
      }
      const bar = document.createElement("div");
      bar.className = "progress";
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-label", level.desc || "Progress");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      const fill = document.createElement("div");
      fill.className = "progress-fill";
      const text = document.createElement("span");
      text.className = "progress-text";
      if (fraction !== null && fraction !== undefined) {
        const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
        bar.setAttribute("aria-valuenow", String(percent));
        fill.style.width = `${percent}%`;
        const count = level.length ? ` ${level.index}/${level.length} ${level.unit || ""}` : "";
        text.textContent = `${level.desc ? level.desc + " " : ""}${percent}%${count}`;
      } else {
        text.textContent = `${level.desc || ""} ${level.index ?? ""} ${level.unit || ""}`.trim();
      }
      bar.append(fill, text);
      tracker.append(bar);
    }
  }

  showValidation(dep, messages) {
    messages.forEach((entry, index) => {
      if (!entry) return;
      const element = this.elements.get(entry.id ?? dep.inputs[index]);
      if (!element) return;
      this.clearValidation(entry.id ?? dep.inputs[index]);
      const note = document.createElement("p");
      note.className = "validation-error";
      note.setAttribute("role", "alert");
      note.textContent = entry.message;
      element.append(note);
      element.setAttribute("aria-invalid", "true");
    });
  }

  clearValidation(id) {
    const element = this.elements.get(id);
    if (!element) return;
    element.querySelectorAll(":scope > .validation-error").forEach((node) => node.remove());
    element.removeAttribute("aria-invalid");
  }

  // --- messages to the user ---------------------------------------------------------------
  toast(error, kind = "error") {
    const box = document.createElement("div");
    box.className = `toast toast-${kind}`;
    box.setAttribute("role", kind === "info" ? "status" : "alert");
    const title = document.createElement("strong");
    title.textContent = error.title || kind.charAt(0).toUpperCase() + kind.slice(1);
    const text = document.createElement("p");
    text.textContent = error.message || "";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "Close notification");
    close.textContent = "×";
    close.addEventListener("click", () => box.remove());
    box.append(title, text, close);
    if (error.traceback) {
      const pre = document.createElement("pre");
      pre.textContent = error.traceback;
      box.append(pre);
    }
    this.toasts.append(box);
    const duration = error.duration === undefined ? 10 : error.duration;
    if (duration !== null) setTimeout(() => box.remove(), duration * 1000);
  }

  // --- files (used by components that upload) -----------------------------------------------
  async upload(file) {
    const form = new FormData();
    form.append("files", file, file.name);
    const response = await fetch(`${this.root}/upload`, { method: "POST", body: form,
                                                            credentials: "same-origin" });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `Upload failed (${response.status}).`);
    return body[0];
  }

  fileUrl(fileData) {
    if (!fileData) return null;
    return fileData.url || `${this.root}/file=${encodeURIComponent(fileData.path)}`;
  }
}

export function start(target, root) {
  const app = new App(target, root);
  app.started = app.start(); // resolves once the page is built
  window.blocksApp = app;
  return app;
}
