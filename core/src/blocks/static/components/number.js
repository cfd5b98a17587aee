import { BlocksElement, define, el } from "../base.js";

// A numeric field. The value is a number, or null when the field is empty.
export default define("blocks-number", class extends BlocksElement {
  build() {
    const id = this.uid("number");
    this.labelEl = el("label", { for: id, class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.input = el("input", { id, type: "number", "aria-describedby": `${id}-info` });
    this.input.addEventListener("input", () => this.userChanged(this.readInput()));
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        this.emit("submit");
      }
    });
    this.input.addEventListener("focus", () => this.emit("focus"));
    this.input.addEventListener("blur", () => this.emit("blur"));
    this.classList.add("block", "form-block");
    this.append(this.labelEl, this.infoEl, this.input);
  }

  readInput() {
    if (this.input.value === "") return null;
    const number = Number(this.input.value);
    return Number.isFinite(number) ? number : null;
  }

  get value() {
    return this.input ? this.readInput() : this.props.value ?? null;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Number");
    this.applyInfo(this.infoEl);
    if ("value" in changed) {
      const value = changed.value;
      this.input.value = value === null || value === undefined || value === "" ? "" : String(value);
    }
    const numeric = (v) => (v === null || v === undefined || v === "" ? null : v);
    const { minimum, maximum, precision } = this.props;
    // The spinner steps by `step`; any decimal may still be typed (the server rounds).
    const step = numeric(this.props.step) ?? (precision === 0 ? 1 : "any");
    this.setAttr("min", numeric(minimum));
    this.setAttr("max", numeric(maximum));
    this.setAttr("step", step);
    this.input.placeholder = this.props.placeholder || "";
    this.input.readOnly = !this.interactive;
  }

  setAttr(name, value) {
    if (value === null) this.input.removeAttribute(name);
    else this.input.setAttribute(name, String(value));
  }
});
