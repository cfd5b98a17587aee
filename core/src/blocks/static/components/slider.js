import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./slider.css", import.meta.url));

// A number picked by dragging between `minimum` and `maximum`, with a number box
// beside the range for typing, and a button that restores the initial value.
export default define("blocks-slider", class extends BlocksElement {
  build() {
    const id = this.uid("slider");
    this.initial = this.props.value ?? this.props.minimum ?? 0;
    this.labelEl = el("label", { for: id, class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.numberLabel = el("label", { for: `${id}-number`, class: "sr-only" });
    this.number = el("input", { id: `${id}-number`, type: "number", class: "slider-number" });
    this.reset = el("button", { type: "button", class: "slider-reset",
                                "aria-label": "Reset to default", title: "Reset to default",
                                text: "\u21BA" });
    this.range = el("input", { id, type: "range", "aria-describedby": `${id}-info` });

    this.range.addEventListener("input", () => {
      const value = Number(this.range.value);
      this.number.value = String(value);
      this.showFill();
      if (value !== this.props.value) this.userChanged(value);
    });
    // Dragging ends (pointer) or a key moved the thumb: the value is final.
    this.range.addEventListener("pointerup", () => this.release());
    this.range.addEventListener("keyup", (event) => {
      if (/^(Arrow|Page|Home|End)/.test(event.key)) this.release();
    });
    this.number.addEventListener("input", () => {
      const value = this.parseNumber();
      if (value !== null && this.inRange(value) && value !== this.props.value) {
        this.range.value = String(value);
        this.showFill();
        this.userChanged(value);
      }
    });
    // Committed (Enter or leaving the box): bring the typed number into range.
    this.number.addEventListener("change", () => {
      let value = this.parseNumber();
      if (value === null) value = this.props.value ?? this.initial;
      value = this.clamp(value);
      this.number.value = String(value);
      this.range.value = String(value);
      this.showFill();
      if (value !== this.props.value) this.userChanged(value);
      this.release();
    });
    this.reset.addEventListener("click", () => {
      const value = this.initial;
      this.number.value = String(value);
      this.range.value = String(value);
      this.showFill();
      if (value !== this.props.value) this.userChanged(value);
      this.release();
    });

    const head = el("div", { class: "slider-head" },
      el("div", { class: "slider-title" }, this.labelEl, this.infoEl),
      el("div", { class: "slider-controls" }, this.numberLabel, this.number, this.reset));
    this.classList.add("block", "form-block", "slider");
    this.append(head, this.range);
  }

  // How much of the track is before the thumb (slider.css draws it).
  showFill() {
    const [min, max] = this.bounds();
    const at = max > min ? (Number(this.range.value) - min) / (max - min) : 0;
    this.range.style.setProperty("--slider-fill", `${Math.max(0, Math.min(1, at)) * 100}%`);
  }

  release() {
    this.emit("release", this.value);
  }

  parseNumber() {
    if (this.number.value === "") return null;
    const value = Number(this.number.value);
    return Number.isFinite(value) ? value : null;
  }

  bounds() {
    const min = Number(this.props.minimum ?? 0);
    const max = Number(this.props.maximum ?? 100);
    return [min, max];
  }

  inRange(value) {
    const [min, max] = this.bounds();
    return value >= min && value <= max;
  }

  clamp(value) {
    const [min, max] = this.bounds();
    return Math.min(max, Math.max(min, value));
  }

  update(changed) {
    super.update(changed);
    const text = this.labelText("Slider");
    this.applyLabel(this.labelEl, "Slider");
    this.numberLabel.textContent = `${text} value`;
    this.applyInfo(this.infoEl);
    const [min, max] = this.bounds();
    const step = this.props.step ?? 1;
    for (const input of [this.range, this.number]) {
      input.min = String(min);
      input.max = String(max);
      input.step = step ? String(step) : "any";
      input.disabled = !this.interactive;
    }
    if ("value" in changed) {
      const value = changed.value;
      const shown = value === null || value === undefined ? "" : String(value);
      this.number.value = shown;
      this.range.value = shown === "" ? String(min) : shown;
    }
    this.showFill();
    this.reset.hidden = this.props.show_reset_button === false;
    this.reset.disabled = !this.interactive;
  }
});
