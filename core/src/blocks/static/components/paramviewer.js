import { BlocksElement, cssSize, define, el, stylesheet } from "../base.js";
import { highlight } from "./highlight.js";

stylesheet(new URL("./paramviewer.css", import.meta.url));
stylesheet(new URL("./code.css", import.meta.url)); // the highlighting colours (--hl-*)
stylesheet(new URL("./copy.css", import.meta.url)); // the head row and its button

// Parameters, each a <details>: the summary shows the name, the type and the default
// (highlighted as code); opened, the description (Markdown rendered on the server).
// The header's button opens or closes them all.
export default define("blocks-paramviewer", class extends BlocksElement {
  build() {
    const id = this.uid("paramviewer");
    this.titleEl = el("span", { class: "block-label", id: `${id}-title` });
    this.toggle = el("button", { type: "button", class: "corner-button", "aria-expanded": "false" });
    this.toggle.addEventListener("click", () => this.openAll(!this.allOpen()));
    this.head = el("div", { class: "component-head" }, this.titleEl, this.toggle);
    this.list = el("div", { class: "pv-list", role: "group", "aria-labelledby": `${id}-title` });
    this.classList.add("block", "paramviewer");
    this.append(this.head, this.list);
  }

  allOpen() {
    const all = [...this.list.querySelectorAll("details")];
    return all.length > 0 && all.every((details) => details.open);
  }

  openAll(open) {
    for (const details of this.list.querySelectorAll("details")) details.open = open;
    this.showToggle();
  }

  showToggle() {
    const open = this.allOpen();
    this.toggle.textContent = open ? "Close all" : "Open all";
    this.toggle.setAttribute("aria-expanded", String(open));
  }

  anchor(name) {
    const prefix = this.props.anchor_links;
    if (!prefix) return null;
    const safe = name.replace(/[^A-Za-z0-9_-]/g, "-");
    return typeof prefix === "string" ? `${prefix}-param-${safe}` : `param-${safe}`;
  }

  code(text, kind) {
    const node = el("code", { class: `pv-${kind}`, text });
    highlight(text, this.props.language || "python").then((html) => {
      if (html !== null) node.innerHTML = html; // highlight.js escapes the text
    }).catch(() => {});
    return node;
  }

  show() {
    const params = Object.entries(this.props.value || {});
    this.list.replaceChildren(...params.map(([name, entry]) => {
      const summary = el("summary", {}, el("code", { class: "pv-name", text: name }));
      if (entry.type) summary.append(el("span", { class: "pv-punct", text: ": " }), this.code(entry.type, "type"));
      if (entry.default !== null && entry.default !== undefined) {
        summary.append(el("span", { class: "pv-punct", text: " = " }), this.code(entry.default, "default"));
      }
      const body = el("div", { class: "pv-body" });
      const description = el("div", { class: "pv-description" });
      if (entry.description_html) description.innerHTML = entry.description_html; // sanitised by the server
      else description.textContent = entry.description || "";
      body.append(description);
      const id = this.anchor(name);
      const details = el("details", { class: "pv-param", id }, summary, body);
      if (id) {
        body.append(el("a", { class: "pv-anchor", href: `#${id}`, text: `Link to ${name}` }));
      }
      details.addEventListener("toggle", () => this.showToggle());
      return details;
    }));
    this.showToggle();
  }

  update(changed) {
    super.update(changed);
    const header = this.props.header === undefined ? "Parameters" : this.props.header;
    this.head.hidden = header === null;
    this.titleEl.textContent = header ?? "Parameters";
    this.list.style.maxHeight = cssSize(this.props.max_height);
    this.list.style.overflowY = this.props.max_height ? "auto" : "";
    if ("value" in changed || "language" in changed || "anchor_links" in changed) this.show();
  }
});
