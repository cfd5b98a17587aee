import { BlocksElement, define, el, same, stylesheet } from "../base.js";

stylesheet(new URL("./dropdown.css", import.meta.url));

// A list of choices ([label, value] pairs) to pick one value, or several with
// `multiselect`. A native <select> does the work (it is a combobox or listbox to
// assistive technology); with `allow_custom_value` a text field with suggestions
// (<input list>) takes any text.

export default define("blocks-dropdown", class extends BlocksElement {
  build() {
    this.id_ = this.uid("dropdown");
    this.labelEl = el("label", { for: this.id_, class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${this.id_}-info` });
    this.field = el("div", { class: "dropdown-field" });
    this.classList.add("block", "form-block", "dropdown");
    this.append(this.labelEl, this.infoEl, this.field);
    this.mode = null;
  }

  get choices() {
    return Array.isArray(this.props.choices) ? this.props.choices : [];
  }

  get multiselect() {
    return !!this.props.multiselect;
  }

  indexOf(value) {
    return this.choices.findIndex(([, choice]) => same(choice, value));
  }

  // --- the control ---------------------------------------------------------------
  buildControl(mode) {
    this.mode = mode;
    const attrs = { id: this.id_, "aria-describedby": `${this.id_}-info` };
    if (mode === "custom") {
      this.list = el("datalist", { id: `${this.id_}-list` });
      this.control = el("input", { ...attrs, type: "text", list: `${this.id_}-list`,
                                   autocomplete: "off" });
      this.control.addEventListener("input", () => {
        const index = this.labelIndex(this.control.value);
        if (index >= 0) this.commit(this.choices[index][1]);
      });
      this.control.addEventListener("change", () => this.commit(this.readCustom()));
      this.field.replaceChildren(this.control, this.list);
    } else {
      this.list = null;
      this.control = el("select", { ...attrs, multiple: mode === "multiple" });
      this.control.addEventListener("change", () => this.picked());
      if (mode === "multiple") {
        // A click toggles one option, without holding Ctrl.
        this.control.addEventListener("mousedown", (event) => {
          const option = event.target.closest("option");
          if (!option || this.control.disabled || event.shiftKey) return;
          event.preventDefault();
          option.selected = !option.selected;
          this.control.focus();
          this.picked();
        });
      }
      this.field.replaceChildren(this.control);
    }
    this.control.addEventListener("focus", () => this.emit("focus"));
    this.control.addEventListener("blur", () => this.emit("blur"));
    this.control.addEventListener("keyup", (event) => {
      this.emit("key_up", { key: event.key, input_value: this.inputText() });
    });
  }

  renderChoices() {
    if (this.mode === "custom") {
      this.list.replaceChildren(...this.choices.map(([label]) => el("option", { value: label })));
    } else {
      this.control.replaceChildren(...this.choices.map(([label], index) =>
        el("option", { value: String(index), text: label })));
    }
  }

  showValue() {
    const value = this.props.value;
    if (this.mode === "custom") {
      const index = this.indexOf(value);
      this.control.value = index >= 0 ? this.choices[index][0]
        : value === null || value === undefined ? "" : String(value);
    } else if (this.mode === "multiple") {
      const values = this.valueList(value);
      for (const [index, option] of [...this.control.options].entries()) {
        option.selected = values.some((v) => same(v, this.choices[index][1]));
      }
    } else {
      this.control.selectedIndex = this.indexOf(value);
    }
  }

  // --- user actions -----------------------------------------------------------------
  labelIndex(text) {
    return this.choices.findIndex(([label]) => label === text);
  }

  readCustom() {
    const text = this.control.value;
    const index = this.labelIndex(text);
    if (index >= 0) return this.choices[index][1];
    return text === "" ? null : text;
  }

  inputText() {
    if (this.mode === "custom") return this.control.value;
    return [...this.control.selectedOptions].map((option) => option.textContent).join(", ");
  }

  commit(value) {
    if (same(value, this.props.value)) return;
    this.userChanged(value);
    const index = this.indexOf(value);
    if (index >= 0) this.emit("select", { index, value, selected: true });
  }

  picked() {
    if (this.mode !== "multiple") {
      const index = this.control.selectedIndex;
      const value = index >= 0 ? this.choices[index][1] : null;
      this.commit(value);
      return;
    }
    const before = this.value;
    const chosen = [...this.control.options].filter((o) => o.selected)
      .map((o) => this.choices[Number(o.value)][1]);
    const max = this.props.max_choices;
    const added = chosen.filter((v) => !before.some((b) => same(b, v)));
    const kept = before.filter((b) => chosen.some((v) => same(b, v)));
    if (max && kept.length + added.length > max) {
      this.showValue(); // refuse: no more than max_choices
      return;
    }
    const removed = before.filter((b) => !chosen.some((v) => same(b, v)));
    if (!added.length && !removed.length) return;
    this.userChanged([...kept, ...added]);
    for (const value of removed) {
      this.emit("select", { index: this.indexOf(value), value, selected: false });
    }
    for (const value of added) {
      this.emit("select", { index: this.indexOf(value), value, selected: true });
    }
  }

  valueList(value) {
    if (Array.isArray(value)) return value;
    return value === null || value === undefined ? [] : [value];
  }

  // What the control shows: a value that is not among the choices (after the
  // choices changed) is not shown, so it is not sent either.
  get value() {
    if (this.mode === "custom") return this.readCustom();
    if (this.multiselect) {
      return this.valueList(this.props.value).filter((v) => this.indexOf(v) >= 0);
    }
    const value = this.props.value ?? null;
    return this.indexOf(value) >= 0 ? value : null;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Dropdown");
    this.applyInfo(this.infoEl);
    const mode = this.multiselect ? "multiple"
      : this.props.allow_custom_value ? "custom" : "single";
    const rebuilt = mode !== this.mode;
    if (rebuilt) this.buildControl(mode);
    if (rebuilt || "choices" in changed) this.renderChoices();
    if (rebuilt || "choices" in changed || "value" in changed) this.showValue();
    if (mode === "multiple") this.control.size = Math.min(Math.max(this.choices.length, 2), 8);
    this.control.disabled = !this.interactive;
  }
});
