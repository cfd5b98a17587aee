// The filter panel of a Dataframe (show_search="filter"): one line per filter, each a
// column, a condition and a value, all labelled form controls.

import { el } from "../blocks/base.js";
import { NUMBER_OPS, TEXT_OPS } from "./view.js";

export class FilterPanel {
  // onChange(filters) runs whenever a filter changes.
  constructor(onChange) {
    this.onChange = onChange;
    this.headers = [];
    this.types = [];
    this.lines = el("div", { class: "df-filter-lines" });
    this.addButton = el("button", { type: "button", class: "df-button", text: "Add filter" });
    this.addButton.addEventListener("click", () => this.add());
    this.node = el("div", { class: "df-filters", role: "group", "aria-label": "Filters", hidden: true },
                   this.lines, this.addButton);
  }

  setColumns(headers, types) {
    this.headers = headers;
    this.types = types;
    for (const line of this.lines.children) this.fillColumns(line.column);
  }

  fillColumns(select) {
    const chosen = select.value;
    select.replaceChildren(...this.headers.map((header, i) =>
      el("option", { value: String(i), text: header || `Column ${i + 1}` })));
    if (chosen && Number(chosen) < this.headers.length) select.value = chosen;
  }

  fillOps(line) {
    const numeric = this.types[Number(line.column.value)] === "number";
    const ops = numeric ? NUMBER_OPS : TEXT_OPS;
    const chosen = line.op.value;
    line.op.replaceChildren(...ops.map((op) => el("option", { value: op, text: op })));
    if (ops.includes(chosen)) line.op.value = chosen;
    line.valueInput.hidden = line.op.value.startsWith("is ") && line.op.value.endsWith("empty");
  }

  add() {
    const n = this.lines.children.length + 1;
    const column = el("select", { "aria-label": `Filter ${n} column` });
    const op = el("select", { "aria-label": `Filter ${n} condition` });
    const valueInput = el("input", { type: "text", "aria-label": `Filter ${n} value` });
    const remove = el("button", { type: "button", class: "df-button", text: "Remove",
                                  "aria-label": `Remove filter ${n}` });
    const line = el("div", { class: "df-filter" }, column, op, valueInput, remove);
    Object.assign(line, { column, op, valueInput });
    this.fillColumns(column);
    this.fillOps(line);
    column.addEventListener("change", () => { this.fillOps(line); this.changed(); });
    op.addEventListener("change", () => { this.fillOps(line); this.changed(); });
    valueInput.addEventListener("input", () => this.changed());
    remove.addEventListener("click", () => {
      line.remove();
      this.changed();
      this.addButton.focus();
    });
    this.lines.append(line);
    column.focus();
    this.changed();
  }

  filters() {
    return [...this.lines.children].map((line) => ({
      column: Number(line.column.value), op: line.op.value, value: line.valueInput.value,
    })).filter((f) => f.op.endsWith("empty") || f.value !== "");
  }

  changed() {
    this.onChange(this.filters());
  }
}
