// The base class of every Blocks component in the browser.
//
// A component module exports (default) a Custom Element class built on
// BlocksElement and registers it itself: customElements.define("blocks-<name>", Cls).
// The runtime creates the element, sets `element.blocks` (the app context:
// upload(), fileUrl(), root) and calls setProps() with the props from the config and
// from every update. Components emit events with emit(name, data); the runtime
// reads `element.value` when an event needs the component as input.

let counter = 0;

export class BlocksElement extends HTMLElement {
  constructor() {
    super();
    this.props = {};
    this.blocks = null;
    this._built = false;
  }

  connectedCallback() {
    if (!this._built) {
      this._built = true;
      this.classList.add("blocks-component");
      this.build();
      this.update(this.props);
    }
  }

  // Merge new props and show them. `changed` holds only what changed.
  setProps(changed) {
    Object.assign(this.props, changed);
    if (this._built) this.update(changed);
  }

  // The current value, as sent to the server. Components that keep the value in
  // their DOM override this getter.
  get value() {
    return this.props.value;
  }

  set value(v) {
    this.setProps({ value: v });
  }

  // Create the element's DOM once.
  build() {}

  // Reflect props into the DOM; subclasses call super.update(changed) first.
  update(changed) {
    if ("visible" in changed) this.hidden = changed.visible === false;
    if ("elem_id" in changed && changed.elem_id) this.id = changed.elem_id;
    if ("elem_classes" in changed) {
      for (const cls of this._extraClasses || []) this.classList.remove(cls);
      this._extraClasses = changed.elem_classes || [];
      for (const cls of this._extraClasses) this.classList.add(cls);
    }
    if ("scale" in changed || "min_width" in changed) {
      const scale = this.props.scale;
      this.style.flexGrow = scale === null || scale === undefined ? "" : String(scale);
      this.style.minWidth = this.props.min_width ? `min(${this.props.min_width}px, 100%)` : "";
    }
  }

  // Tell the runtime an event happened (click, change, input, submit, ...).
  emit(name, data = null) {
    this.dispatchEvent(new CustomEvent("blocks-event", { detail: { name, data } }));
  }

  // A user changed the value: store it and emit input + change.
  userChanged(value, { input = true } = {}) {
    this.props.value = value;
    if (input) this.emit("input");
    this.emit("change");
  }

  // --- helpers for accessible markup ------------------------------------------------
  uid(prefix = "blocks") {
    counter += 1;
    return `${prefix}-${counter}`;
  }

  // The label text: the prop, or the component's kind so every input is named.
  labelText(fallback) {
    const label = this.props.label;
    return label === null || label === undefined || label === "" ? fallback : String(label);
  }

  // Show or hide a label visually while keeping it for screen readers.
  applyLabel(labelEl, fallback) {
    labelEl.textContent = this.labelText(fallback);
    labelEl.classList.toggle("sr-only", this.props.show_label === false);
  }

  applyInfo(infoEl) {
    const info = this.props.info;
    infoEl.textContent = info || "";
    infoEl.hidden = !info;
  }

  get interactive() {
    return this.props.interactive !== false;
  }

  // Status of a job that writes to this component (runtime calls it).
  setStatus(status) {
    if (status === "pending") this.setAttribute("aria-busy", "true");
    else this.removeAttribute("aria-busy");
    this.classList.toggle("pending", status === "pending");
  }
}

// --- helpers shared by components ---------------------------------------------------

// A CSS length from a size prop: a number is pixels, a string is used as given, and
// null, undefined or "" is no size ("").
export function cssSize(value) {
  if (value === null || value === undefined || value === "") return "";
  return typeof value === "number" ? `${value}px` : String(value);
}

// The `height`, `min_height` and `max_height` props on `node`; it scrolls when bounded.
export function applyHeights(node, props) {
  node.style.height = cssSize(props.height);
  node.style.minHeight = cssSize(props.min_height);
  node.style.maxHeight = cssSize(props.max_height);
  node.style.overflowY = props.height || props.max_height ? "auto" : "";
}

// Whether two values are equal, comparing objects and lists by content (their JSON).
export function same(a, b) {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

const stylesheets = new Map(); // absolute URL -> Promise of its <link>

// Load a component's stylesheet once per page, from the top of its module:
//
//     stylesheet(new URL("./slider.css", import.meta.url));
//
// The runtime shows the components it loaded only once their stylesheets are loaded
// (see stylesheetsLoaded), so a page never shows a component without its styles. The
// <link> goes before the page's <meta name="blocks-component-styles">: after the
// core's stylesheets, before the app's own `css` and `head`, which therefore win. A
// stylesheet that cannot be loaded is reported in the console; the page goes on.
export function stylesheet(url) {
  const href = new URL(url, document.baseURI).href;
  if (!stylesheets.has(href)) {
    // the page shell holds (<style data-href>) or links the stylesheets of its
    // components itself: that one counts
    const linked = [...document.querySelectorAll('link[rel="stylesheet"], style[data-href]')]
      .find((node) => new URL(node.getAttribute("href") ?? node.dataset.href,
                              document.baseURI).href === href);
    stylesheets.set(href, linked ? settled(linked) : new Promise((resolve) => {
      const link = el("link", { rel: "stylesheet", href });
      link.addEventListener("load", () => resolve(link), { once: true });
      link.addEventListener("error", () => {
        console.error(`Blocks: the stylesheet ${href} could not be loaded.`);
        resolve(link);
      }, { once: true });
      const marker = document.head.querySelector('meta[name="blocks-component-styles"]');
      if (marker) marker.before(link);
      else document.head.append(link);
    }));
  }
  return stylesheets.get(href);
}

// Resolves once a <link> already in the page has loaded or failed (at once if it has,
// or if it is a <style>).
function settled(link) {
  if (link.sheet || performance.getEntriesByName(link.href).length) return Promise.resolve(link);
  return new Promise((resolve) => {
    link.addEventListener("load", () => resolve(link), { once: true });
    link.addEventListener("error", () => resolve(link), { once: true });
  });
}

// Resolves once every stylesheet asked for so far has loaded (or failed).
export function stylesheetsLoaded() {
  return Promise.all(stylesheets.values());
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) node.append(child);
  return node;
}

export function define(name, cls) {
  if (!customElements.get(name)) customElements.define(name, cls);
  return cls;
}
