import { applyHeights, BlocksElement, define, el, stylesheet } from "../base.js";
import { copyButton } from "./copy.js";

stylesheet(new URL("./json.css", import.meta.url));

const OPEN_LEVELS = 3; // without `open`, deeper levels start closed

// A JSON value as a tree: every object and list is a <details> whose <summary>
// opens and closes it (Enter or Space on the keyboard); children are built when a
// level is first opened, so a large value costs only what is shown.
export default define("blocks-json", class extends BlocksElement {
  build() {
    const id = this.uid("json");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.copy = copyButton("Copy JSON", () => JSON.stringify(this.props.value ?? null, null, 2));
    this.tree = el("div", { class: "json-tree", role: "group", "aria-labelledby": `${id}-label`,
                            tabindex: "0" });
    this.classList.add("block", "json");
    this.append(el("div", { class: "component-head" }, this.labelEl, this.copy), this.tree);
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "JSON");
    applyHeights(this.tree, this.props);
    this.copy.hidden = !(this.props.buttons ?? ["copy"]).includes("copy");
    if ("value" in changed || "open" in changed || "show_indices" in changed) this.show();
  }

  show() {
    const value = this.props.value;
    if (value === null || value === undefined) {
      this.tree.replaceChildren(el("span", { class: "json-empty", text: "Empty" }));
      return;
    }
    this.tree.replaceChildren(this.node(null, value, 0));
  }

  // One entry: a leaf line, or a <details> for an object or a list.
  node(key, value, depth) {
    const keyEl = key === null ? null : el("span", { class: "json-key", text: `${key}: ` });
    if (value === null || typeof value !== "object") {
      return el("div", { class: "json-line" }, keyEl ?? "", this.leaf(value));
    }
    const isList = Array.isArray(value);
    const entries = isList ? value.map((item, index) => [index, item]) : Object.entries(value);
    const [open, close] = isList ? ["[", "]"] : ["{", "}"];
    const count = `${entries.length} ${entries.length === 1 ? "item" : "items"}`;
    if (!entries.length) {
      return el("div", { class: "json-line" }, keyEl ?? "",
                el("span", { class: "json-bracket", text: `${open}${close}` }));
    }
    const details = el("details", { class: "json-node" });
    const summary = el("summary", {}, keyEl ?? "", el("span", { class: "json-bracket", text: open }),
                       el("span", { class: "json-count", text: ` ${count} ` }));
    const body = el("div", { class: "json-children" });
    details.append(summary, body, el("span", { class: "json-bracket json-close", text: close }));
    const fill = () => {
      if (body.childElementCount || !details.open) return;
      body.append(...entries.map(([childKey, child]) =>
        this.node(isList && !this.props.show_indices ? null : childKey, child, depth + 1)));
    };
    details.addEventListener("toggle", fill);
    details.open = this.props.open === true || depth < OPEN_LEVELS;
    fill();
    return details;
  }

  leaf(value) {
    if (typeof value === "string") return el("span", { class: "json-string", text: JSON.stringify(value) });
    if (typeof value === "number") return el("span", { class: "json-number", text: String(value) });
    if (typeof value === "boolean") return el("span", { class: "json-boolean", text: String(value) });
    return el("span", { class: "json-null", text: "null" });
  }
});
