// The Blocks browser runtime: reads the config (inlined in the page shell, else from
// /config), builds the page from component modules, and runs events over one
// websocket (see docs/protocol.md), which opens while the page is being built.
//
// Its parts: this module builds the page (loading component modules, a failed one
// shown in its place); ./runtime/jobs.js holds the websocket, the scheduler that
// fires dependencies and follows their jobs, and what the page shows of them
// (status, validation, toasts). What few pages need loads when first needed:
// ./runtime/render.js (what @gr.render functions send), ./runtime/edits.js
// (streamed edits), ./pages.js (the URL of /config) and ./footer.js (Settings).
// Everything a page loads at once is one request per module, so the page shell
// lists them all (<link rel="modulepreload">): there is no chain of imports to wait for.
//
// What the server sends changes the page in the order it was sent: each message is
// one step of a queue, and a step that needs component modules (a render) holds the
// steps after it until they are loaded.

import { BlocksElement, define, el, same, stylesheetsLoaded } from "./base.js";
import { clearValidation, Connection, Scheduler, showStatus, showValidation, signInAgain,
  Toasts } from "./runtime/jobs.js";

// Steps run one after another, in the order they were added; a step may be async.
// A step that fails is reported (as an uncaught error would be) and the next one runs.
class Steps {
  constructor() {
    this.last = Promise.resolve();
  }

  add(step) {
    this.last = this.last.then(step).catch((error) => reportError(error));
    return this.last;
  }
}

// --- component modules ------------------------------------------------------------------
// Component modules, loaded on demand and each on its own: one that fails (missing,
// a syntax error, an error when it runs, no `blocks-<type>` element) does not stop
// the others. The runtime shows <blocks-module-error> in its place: an alert that
// names the module and the error, which keeps the component's children and props.

const imports = new Map(); // module URL -> Promise of the module

function importOnce(url) {
  if (!imports.has(url)) imports.set(url, import(url));
  return imports.get(url);
}

export function tagName(type) {
  return `blocks-${type}`;
}

// Load what a component needs, from `assets` (the URL of the static folders, e.g.
// /assets/v-<version>). Resolves to null when its element can be created, else to
// the Error that says why not; never rejects.
export async function loadComponent(assets, spec) {
  const tag = tagName(spec.type);
  // a module of the page bundle has run already (blocks.server.bundle): nothing to fetch
  if (spec.module && !customElements.get(tag)) {
    try {
      await importOnce(`${assets}/${spec.module}`);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }
  if (customElements.get(tag)) return null;
  return new Error(spec.module ? `${spec.module} does not define the element <${tag}>.`
    : `No browser module provides <${tag}>.`);
}

// Load every component of `specs` at once, and the stylesheets their modules ask
// for; resolves to a Map type -> Error of the ones that failed.
export async function loadComponents(assets, specs) {
  const byType = new Map();
  for (const spec of specs) if (spec && !byType.has(spec.type)) byType.set(spec.type, spec);
  const failures = new Map();
  await Promise.all([...byType.values()].map(async (spec) => {
    const error = await loadComponent(assets, spec);
    if (error) failures.set(spec.type, error);
  }));
  await stylesheetsLoaded(); // the ones these modules asked for
  return failures;
}

// What stands in for a component whose module failed.
export class ModuleError extends BlocksElement {
  build() {
    const { spec = {}, error = null } = this.failure || {};
    this.classList.add("block", "module-error");
    this.setAttribute("role", "alert");
    const what = spec.module || tagName(spec.type);
    const message = error ? `${error.name && error.name !== "Error" ? `${error.name}: ` : ""}${error.message}` : "";
    this.prepend(el("p", { class: "module-error-text" },
      el("strong", { text: `The component ${spec.type} could not be shown.` }), " ",
      `${what} failed: ${message}`));
  }
}

define("blocks-module-error", ModuleError);

export class App {
  constructor(target, root, options = {}) {
    this.target = target;
    this.root = root.replace(/\/$/, "");
    // where static modules are: the shell's versioned URL (/assets/v-<version>)
    this.assets = (options.assets || `${this.root}/assets`).replace(/\/$/, "");
    this.elements = new Map(); // component id -> element
    this.config = null;
    this.steps = new Steps();
    this.scheduler = new Scheduler(this);
    this.renders = null; // ./runtime/render.js, loaded with the first render
    this.rendererLoading = null;
    this.loaded = false; // the first session began (and the app's load event fired)
    this.toasts = new Toasts();
    this.connection = new Connection(this.root, {
      pageToken: options.pageToken || null,
      onMessage: (message) => this.receive(message),
      onLost: (unsent) => this.steps.add(() => this.lost(unsent)),
      onSignedOut: () => this.signedOut(),
      onRetry: (attempt) => this.toast({
        title: "Connection lost", duration: null,
        message: `Reconnecting to the server\u2026 (attempt ${attempt + 1})` }, "warning", "connection"),
    });
  }

  get ws() {
    return this.connection.ws;
  }

  get sessionHash() {
    return this.connection.sessionHash;
  }

  async start() {
    const config = inlineConfig() ?? await this.fetchConfig();
    if (!config) return;
    this.config = config;
    this.components = new Map(this.config.components.map((c) => [c.id, c]));
    const built = this.build();
    // what the server sends waits for the page; the websocket opens meanwhile, and
    // events asked for before it is open wait in its outbox
    this.steps.add(() => built.catch(() => {}));
    this.connection.connect();
    await built;
  }

  // The config from /config (a page whose shell could not inline it); null, with the
  // page saying why, when there is none.
  async fetchConfig() {
    const { configUrl } = await import("./pages.js");
    const response = await fetch(configUrl(this.root), { credentials: "same-origin" });
    if (response.status === 401) {
      this.target.replaceChildren(this.toasts.region);
      this.signedOut();
      return null;
    }
    if (!response.ok) {  // the app could not describe this page: say so, never a blank page
      this.target.replaceChildren(this.toasts.region);
      this.toast({ title: "Error", duration: null,
                   message: `This page could not load (the server answered ${response.status} ` +
                            "to /config; its log says why)." }, "error");
      return null;
    }
    return response.json();
  }

  async build() {
    // the modules of the components on this page (the config lists every page's)
    const shown = [];
    const walk = (node) => {
      shown.push(this.components.get(node.id));
      (node.children || []).forEach(walk);
    };
    (this.config.layout.children || []).forEach(walk);
    const failures = await loadComponents(this.assets, shown);
    this.target.replaceChildren();
    const container = document.createElement("div");
    container.className = "blocks-container gradio-container"; // the second for Gradio CSS
    container.classList.toggle("fill-width", !!this.config.fill_width);
    container.classList.toggle("fill-height", !!this.config.fill_height);
    const build = (node) => {
      const spec = this.components.get(node.id);
      const element = this.createElement(node.id, spec, failures.get(spec.type));
      for (const child of node.children || []) element.append(build(child));
      return element;
    };
    for (const child of this.config.layout.children || []) container.append(build(child));
    this.target.append(container, this.toasts.region);
  }

  // The element of component `id`; <blocks-module-error> when its module failed.
  createElement(id, spec, failure = null) {
    let element = null;
    if (!failure) {
      try {
        element = document.createElement(tagName(spec.type));
        if (typeof element.setProps !== "function") {
          throw new Error(`<${tagName(spec.type)}> is not a Blocks element.`);
        }
      } catch (error) {
        failure = error;
      }
    }
    if (failure) {
      console.error(`Blocks: component ${spec.type} (${spec.module}) failed:`, failure);
      element = new ModuleError();
      element.failure = { spec, error: failure };
    }
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
    if (this.renders) yield* this.renders.dependencies();
  }

  // --- messages from the server, applied in order --------------------------------------
  receive(message) {
    if (message.type === "output" && this.scheduler.jobs.has(message.id)) {
      // what a render needs starts loading now, while the steps before it run
      const renders = message.data.filter((update) => update && update.render);
      if (renders.length) {
        this.renderer().then((r) => renders.forEach((update) => r.prefetch(update.render)),
          () => {}); // a failure shows when the render's turn comes
      }
    }
    this.steps.add(() => this.handle(message));
  }

  renderer() {
    this.rendererLoading ??= import("./runtime/render.js").then(({ Renders }) => {
      this.renders = new Renders(this);
      return this.renders;
    });
    return this.rendererLoading;
  }

  handle(message) {
    const job = message.id ? this.scheduler.jobs.get(message.id) : undefined;
    switch (message.type) {
      case "session": {
        const first = !this.loaded;
        this.toasts.close("connection");
        if (!first && !message.resumed) this.toast({ title: "Reconnected", duration: 5,
          message: "The server no longer had this page's session; values kept on the server were reset." }, "warning");
        if (first) {
          this.loaded = true;
          this.trigger(this.config.layout.id, "load", null);
          // a page of a multipage app: its own page.load listeners
          if (this.config.page_id != null) this.trigger(this.config.page_id, "load", null);
        } else if (message.rerender) {
          this.rerender(); // resumed by another server process: its renders stayed in the old one
        }
        return undefined;
      }
      case "queued":
        if (job) this.showStatus(job, "pending", message);
        return undefined;
      case "started":
        if (job) this.showStatus(job, "pending");
        return undefined;
      case "output":
        return job ? this.applyOutput(job, message.data) : undefined;
      case "progress":
        if (job) this.showStatus(job, "pending", null, message.progress);
        return undefined;
      case "message":
        this.toast(message, message.level);
        return undefined;
      case "done":
        this.scheduler.finish(message.id, message);
        return undefined;
      case "error":
        if (job) {
          this.scheduler.finish(message.id, { state: "failed", error: { message: message.message } });
        } else if (this.streams && this.streams.over(message.id)) {
          // a chunk that was on its way when its stream ended: nothing was lost
        } else {
          this.toast({ title: "Error", message: message.message }, "error");
        }
        return undefined;
      default:
        return undefined;
    }
  }

  async applyOutput(job, data) {
    await this.apply(job.dep, data, job);
    if (job.dep.scroll_to_output && !job.scrolled) {
      job.scrolled = true;
      this.elements.get(job.dep.outputs[0])?.scrollIntoView({ behavior: "smooth", block: "nearest" });
    }
  }

  // The visitor is no longer signed in: reload, and the server shows its login page.
  signedOut() {
    if (!signInAgain()) {
      this.toast({ title: "Signed out", duration: null,
                   message: "Sign in again to go on using this app." }, "warning", "connection");
    }
  }

  lost(unsent) {
    this.scheduler.lost(unsent);
    this.toast({ title: "Connection lost", duration: null,
                 message: "Reconnecting to the server\u2026" }, "warning", "connection");
  }

  // Apply a dependency's updates, one per output, in order. Resolves when done: at
  // once, unless an update is a render whose modules are still loading. A job's
  // later outputs may be edits of the value it sent before (`job.values` keeps it):
  // an element with applyEdits(edits, value) shows them itself, part by part.
  async apply(dep, updates, job = null) {
    // streamed edits need ./runtime/edits.js; updates without edits apply at once
    const { applyEdits } = updates.some((update) => update && "edits" in update)
      ? await editsModule() : {};
    for (const [index, update] of updates.entries()) {
      if (update && update.render) {
        await this.applyRender(update.render);
        continue;
      }
      const id = dep.outputs[index];
      const element = this.elements.get(id);
      if (!element || !update) continue;
      const changed = { ...(update.props || {}) };
      let valueChanged = update.changed === true; // a State the server says changed
      if ("value" in update) {
        valueChanged = !same(element.value, update.value);
        changed.value = update.value;
        if (job) (job.values ??= [])[index] = update.value;
      } else if ("edits" in update) {
        const before = job?.values?.[index] ?? element.props.value;
        const shown = element.props.value === before;
        const value = applyEdits(before, update.edits);
        if (job) (job.values ??= [])[index] = value;
        valueChanged = update.edits.length > 0;
        if (shown && typeof element.applyEdits === "function") element.applyEdits(update.edits, value);
        else changed.value = value;
      }
      if (Object.keys(changed).length) element.setProps(changed);
      if (valueChanged) this.trigger(id, "change", null);
    }
  }

  // Replace what a @gr.render placeholder shows (see ./runtime/render.js).
  async applyRender(payload) {
    await (await this.renderer()).apply(payload);
  }

  // --- events (see ./runtime/jobs.js) ----------------------------------------------------
  // Run every @gr.render function again, as when the page loaded.
  rerender() {
    for (const dep of this.config.dependencies) {
      if (dep.render !== null && dep.render !== undefined) {
        this.scheduler.fire(dep, { id: this.config.layout.id, event: "load" }, null);
      }
    }
  }

  trigger(id, eventName, data) {
    if (eventName === "stream" || eventName === "stream_end") this.stream(id, eventName, data);
    else this.scheduler.trigger(id, eventName, data);
  }

  // --- streaming inputs (see ./runtime/streams.js, loaded with the first chunk) ------------
  // How often component `element` sends a chunk: the shortest `stream_every` of its
  // `stream` listeners, in seconds; null when it has none (it does not stream).
  streamEvery(element) {
    const id = Number(element.dataset.blocksId);
    let every = null;
    for (const dep of this.dependencies()) {
      if (dep.targets.some(([target, name]) => target === id && name === "stream")) {
        every = Math.min(every ?? Infinity, dep.stream_every ?? 0.5);
      }
    }
    return every;
  }

  stream(id, eventName, chunk) {
    this.streamsLoading ??= import("./runtime/streams.js").then(({ Streams }) => {
      this.streams = new Streams(this);
      return this.streams;
    });
    this.streamsLoading.then((streams) => {
      if (eventName === "stream") streams.chunk(id, chunk);
      else streams.end(id);
    });
  }

  send(message) {
    this.connection.send(message);
  }

  // --- what the user sees of the work (see ./runtime/jobs.js) -------------------------------
  showStatus(job, status, queued = null, progress = null) {
    const dep = job.dep;
    const targets = dep.show_progress_on && dep.show_progress_on.length ? dep.show_progress_on
      : dep.outputs;
    for (const id of targets) {
      const element = this.elements.get(id);
      if (element) showStatus(element, { mode: dep.show_progress, status, queued, progress });
    }
  }

  showValidation(dep, entries) {
    entries.forEach((entry, index) => {
      const element = entry && this.elements.get(entry.id ?? dep.inputs[index]);
      if (element) showValidation(element, entry.message);
    });
  }

  clearValidation(id) {
    const element = this.elements.get(id);
    if (element) clearValidation(element);
  }

  toast(notice, kind = "error", key = null) {
    return this.toasts.show(notice, kind, key);
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

let editsLoading = null;

function editsModule() {
  editsLoading ??= import("./runtime/edits.js");
  return editsLoading;
}

// The config the page shell carries (<script type="application/json" id="blocks-config">).
function inlineConfig() {
  const script = document.getElementById("blocks-config");
  return script ? JSON.parse(script.textContent) : null;
}

// The footer's Settings button: its module (./footer.js) loads when it is first used.
function settingsOnClick() {
  const opener = document.querySelector("[data-open-settings]");
  opener?.addEventListener("click", () => {
    import("./footer.js").then(({ openSettings }) => openSettings(opener));
  });
}

export function start(target, root, options = {}) {
  settingsOnClick();
  const app = new App(target, root, options);
  app.started = app.start(); // resolves once the page is built
  window.blocksApp = app;
  return app;
}
