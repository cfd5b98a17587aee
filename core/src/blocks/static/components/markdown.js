import { applyHeights, BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./markdown.css", import.meta.url));

// Markdown rendered (and sanitised) on the server. The wire value is
// {"markdown": source, "html": sanitised html} or null.

function escapeHtml(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

export default define("blocks-markdown", class extends BlocksElement {
  build() {
    this.labelEl = el("div", { class: "block-label" });
    this.body = el("div", { class: "prose" });
    this.body.addEventListener("copy", () => {
      const text = String(document.getSelection() || "");
      this.emit("copy", { value: text });
    });
    this.append(this.labelEl, this.body);
  }

  // The value as the server sent it; a bare string (from a js= function) becomes
  // text shown as it is.
  normalise(value) {
    if (value === null || value === undefined) return null;
    if (typeof value === "object") return value;
    const text = String(value);
    return { markdown: text, html: `<p>${escapeHtml(text).replace(/\n/g, "<br>")}</p>` };
  }

  get value() {
    return this.normalise(this.props.value);
  }

  update(changed) {
    super.update(changed);
    const label = this.props.label;
    this.labelEl.textContent = label || "";
    this.labelEl.hidden = !(label && this.props.show_label === true);
    if ("value" in changed) {
      const value = this.normalise(changed.value);
      this.body.innerHTML = value ? value.html ?? "" : "";
    }
    this.classList.toggle("block", !!this.props.container);
    this.classList.toggle("padded", !!this.props.padding);
    this.body.dir = this.props.rtl ? "rtl" : "auto";
    applyHeights(this.body, this.props);
  }
});
