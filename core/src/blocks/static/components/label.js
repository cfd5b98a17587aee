import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./label.css", import.meta.url));

// The top class in large type, then one row per class with its confidence as a bar
// and a percentage. Each row is a button: choosing it emits `select`.
export default define("blocks-label", class extends BlocksElement {
  build() {
    const id = this.uid("label");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.heading = el("p", { class: "label-heading" });
    this.list = el("ul", { class: "label-confidences", "aria-labelledby": `${id}-label` });
    this.classList.add("block", "label-output");
    this.append(this.labelEl, this.heading, this.list);
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Label");
    this.style.setProperty("--label-color", this.props.color || "");
    if ("value" in changed || "show_heading" in changed || "color" in changed) this.show();
  }

  show() {
    const value = this.props.value || {};
    const top = value.label;
    this.heading.textContent = top === null || top === undefined ? "" : String(top);
    this.heading.hidden = this.props.show_heading === false || this.heading.textContent === "";
    const confidences = Array.isArray(value.confidences) ? value.confidences : [];
    this.list.hidden = !confidences.length;
    this.list.replaceChildren(...confidences.map((entry, index) => {
      const percent = Math.round(Number(entry.confidence) * 100);
      const width = Math.max(0, Math.min(100, percent));
      const name = String(entry.label);
      const fill = el("span", { class: "label-fill" });
      fill.style.width = `${width}%`;
      const button = el("button", { type: "button", class: "label-row" },
        el("span", { class: "label-row-text" },
           el("span", { class: "label-name", text: name }),
           el("span", { class: "label-percent", text: `${percent}%` })), // named "cat 72%"
        el("span", { class: "label-bar", "aria-hidden": "true" }, fill));
      button.addEventListener("click", () => {
        this.emit("select", { index, value: entry.label, selected: true });
      });
      return el("li", {}, button);
    }));
  }
});
