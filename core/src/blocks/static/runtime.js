// The Blocks browser runtime: loads the config, builds the page from component
// modules, and runs events over one websocket (see docs/protocol.md).

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
    this.sequence = 0;
    this.outbox = [];
    this.ws = null;
    this.sessionHash = null;
    this.toasts = null;
  }

  async start() {
    const response = await fetch(`${this.root}/config`, { credentials: "same-origin" });
    this.config = await response.json();
    this.components = new Map(this.config.components.map((c) => [c.id, c]));
    await Promise.all(this.config.components.map((c) => loadModule(this.root, c.module)));
    this.target.replaceChildren();
    this.toasts = document.createElement("div");
    this.toasts.className = "toasts";
    this.toasts.setAttribute("role", "region");
    this.toasts.setAttribute("aria-label", "Notifications");
    const container = document.createElement("div");
    container.className = "blocks-container";
    container.classList.toggle("fill-width", !!this.config.fill_width);
    container.classList.toggle("fill-height", !!this.config.fill_height);
    for (const child of this.config.layout.children || []) container.append(this.build(child));
    this.target.append(container, this.toasts);
    this.connect();
  }

  build(node) {
    const spec = this.components.get(node.id);
    const element = document.createElement(`blocks-${spec.type}`);
    element.blocks = this;
    element.dataset.blocksId = String(node.id);
    element.setProps(structuredClone(spec.props));
    element.addEventListener("blocks-event", (event) => {
      this.trigger(node.id, event.detail.name, event.detail.data);
    });
    this.elements.set(node.id, element);
    for (const child of node.children || []) element.append(this.build(child));
    return element;
  }

  // --- the websocket ----------------------------------------------------------------
  connect() {
    const url = new URL(`${this.root}/ws`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener("message", (event) => this.receive(JSON.parse(event.data)));
    ws.addEventListener("close", () => {
      if (this.ws !== ws) return;
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
        if (job) this.apply(job.dep, message.data);
        break;
      }
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
    for (const dep of this.config.dependencies) {
      if (dep.targets.some(([target, name]) => target === id && name === eventName)) {
        this.fire(dep, { id, event: eventName }, data);
      }
    }
  }

  async fire(dep, trigger, eventData) {
    const state = this.depState.get(dep.id) || { running: 0, again: null };
    this.depState.set(dep.id, state);
    if (state.running && dep.trigger_mode === "once") return;
    if (state.running && dep.trigger_mode === "always_last") {
      state.again = { trigger, eventData };
      return;
    }
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

  apply(dep, updates) {
    updates.forEach((update, index) => {
      const id = dep.outputs[index];
      const element = this.elements.get(id);
      if (!element || !update) return;
      const changed = { ...(update.props || {}) };
      let valueChanged = false;
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
    if (message.state === "failed" && message.error) this.toast(message.error, "error");
    this.chain(job.dep, message.state);
    if (!state.running && state.again) {
      const again = state.again;
      state.again = null;
      this.fire(job.dep, again.trigger, again.eventData);
    }
  }

  chain(dep, outcome) {
    for (const next of this.config.dependencies) {
      if (next.trigger_after !== dep.id) continue;
      if (next.trigger_only_on_success && outcome !== "completed") continue;
      if (next.trigger_only_on_failure && outcome !== "failed") continue;
      this.fire(next, null, null);
    }
  }

  showStatus(job, status, queued) {
    if (job.dep.show_progress === "hidden") return;
    for (const id of job.dep.outputs) {
      const element = this.elements.get(id);
      if (element && element.setStatus) element.setStatus(status, queued);
    }
  }

  // --- messages to the user ---------------------------------------------------------------
  toast(error, kind = "error") {
    const box = document.createElement("div");
    box.className = `toast toast-${kind}`;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    const title = document.createElement("strong");
    title.textContent = error.title || (kind === "error" ? "Error" : "Info");
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
  app.start();
  window.blocksApp = app;
  return app;
}
