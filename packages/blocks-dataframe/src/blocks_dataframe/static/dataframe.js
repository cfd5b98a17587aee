// <blocks-dataframe>: a table (role=grid) the user scrolls, sorts, searches, filters and,
// when interactive, edits from the keyboard (arrows move, Enter or typing edits, Enter
// keeps, Escape cancels). Only the rows in view are in the DOM (virtual scrolling);
// a large table's rows come from the server as they scroll into view (source.js).
//
// Served at {root}/assets/blocks_dataframe/dataframe.js, beside the core's modules.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import { FilterPanel } from "./filters.js";
import { LocalSource, RemoteSource } from "./source.js";
import { shown } from "./view.js";

stylesheet(new URL("./dataframe.css", import.meta.url));

const OVERSCAN = 8; // rows rendered beyond each edge of the view
const ROW_HEIGHT = 35; // first guess, measured once rows show

function types(props, columns) {
  const datatype = props.datatype ?? "str";
  return Array.from({ length: columns }, (_, c) =>
    (Array.isArray(datatype) ? datatype[c] : datatype) || "str");
}

export default define("blocks-dataframe", class extends BlocksElement {
  build() {
    const id = this.uid("dataframe");
    this.classList.add("block", "dataframe-block");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });
    this.search = el("input", { type: "search", class: "df-search", placeholder: "Search…",
                                "aria-label": "Search the table", hidden: true });
    this.search.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => this.changeView({ search: this.search.value }), 200);
    });
    this.filterButton = this.button("Filters", () => this.toggleFilters());
    this.filterButton.setAttribute("aria-expanded", "false");
    this.copyButton = this.button("Copy", () => this.copy());
    this.fullButton = this.button("Full screen", () => this.toggleFullscreen());
    this.fullButton.setAttribute("aria-pressed", "false");
    this.toolbar = el("div", { class: "df-toolbar" }, this.search, this.filterButton,
                      this.copyButton, this.fullButton);
    this.filters = new FilterPanel((filters) => this.changeView({ filters }));
    this.filterButton.setAttribute("aria-controls", `${id}-filters`);
    this.filters.node.id = `${id}-filters`;

    this.colgroup = el("colgroup");
    this.headRow = el("tr", { "aria-rowindex": "1" });
    this.body = el("tbody");
    this.topSpacer = el("tr", { class: "df-spacer", "aria-hidden": "true" }, el("td"));
    this.bottomSpacer = el("tr", { class: "df-spacer", "aria-hidden": "true" }, el("td"));
    this.table = el("table", { role: "grid", "aria-labelledby": `${id}-label` }, this.colgroup,
                    el("thead", {}, this.headRow), this.body);
    this.table.addEventListener("keydown", (event) => this.onKey(event));
    this.table.addEventListener("click", (event) => this.onClick(event));
    this.table.addEventListener("dblclick", (event) => {
      const cell = event.target.closest("td[data-column]");
      if (cell) this.startEdit(null);
    });
    this.scroller = el("div", { class: "df-scroll" }, this.table);
    this.scroller.addEventListener("scroll", () => this.schedule(), { passive: true });
    // shown in a tab that opens, or resized: fill the new height with rows
    new ResizeObserver(() => this.schedule()).observe(this.scroller);

    this.addRowButton = this.button("Add row", () => this.addRow());
    this.deleteRowButton = this.button("Delete row", () => this.deleteRow());
    this.addColumnButton = this.button("Add column", () => this.addColumn());
    this.deleteColumnButton = this.button("Delete column", () => this.deleteColumn());
    this.actions = el("div", { class: "df-actions" }, this.addRowButton, this.deleteRowButton,
                      this.addColumnButton, this.deleteColumnButton);
    this.status = el("div", { class: "df-status", role: "status", "aria-live": "polite" });
    this.alert = el("div", { class: "df-alert", role: "alert", hidden: true });
    this.append(el("div", { class: "df-header" }, this.labelEl, this.toolbar), this.infoEl,
                this.filters.node, this.scroller, this.actions, this.status, this.alert);

    this.active = { row: 0, column: 0 };
    this.rows = new Map(); // view position -> <tr>
    this.rowHeight = ROW_HEIGHT;
    this.htmlCache = new Map(); // "kind\ntext" -> sanitised html (null: shown as text)
    this.htmlWanted = new Map();
    this.viewState = { sort: [], search: "", filters: [] };
    this.source = new LocalSource({ headers: [], data: [] });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.classList.contains("df-fullscreen")) this.toggleFullscreen();
    });
  }

  showAlert(text) {
    this.alert.textContent = text;
    this.alert.hidden = !text;
  }

  button(text, action) {
    const button = el("button", { type: "button", class: "df-button", text });
    button.addEventListener("click", action);
    return button;
  }

  get value() {
    return this.source ? this.source.value() : this.props.value;
  }

  set value(v) {
    this.setProps({ value: v });
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Table");
    this.applyInfo(this.infoEl);
    const props = this.props;
    this.scroller.style.maxHeight = cssSize(props.max_height ?? 500);
    this.classList.toggle("df-wrap", !!props.wrap);
    const search = props.show_search || "none";
    this.search.hidden = search === "none";
    this.filterButton.hidden = search !== "filter";
    const buttons = props.buttons ?? ["copy", "fullscreen"];
    this.copyButton.hidden = !buttons.includes("copy");
    this.fullButton.hidden = !buttons.includes("fullscreen");
    if ("value" in changed) this.load(props.value);
    else this.layout();
  }

  load(value) {
    this.closeEditor(false);
    const wire = value || { headers: [], data: [] };
    this.source = wire.window
      ? new RemoteSource(wire, (path, body, kind) => this.request(path, body, kind),
                         (error) => this.sourceChanged(error))
      : new LocalSource(wire);
    this.showAlert("");
    const view = this.viewState;
    if (view.search || view.sort.length || view.filters.length) this.source.setView(view);
    this.layout();
  }

  get types() {
    return types(this.props, this.source.columns);
  }

  editable(column) {
    return this.interactive && !(this.props.static_columns || []).includes(column);
  }

  // --- layout --------------------------------------------------------------------------
  layout() {
    const source = this.source;
    const columns = source.columns;
    const numbers = !!this.props.show_row_numbers;
    this.filters.setColumns(source.headers, this.types);
    this.table.setAttribute("aria-colcount", String(columns + (numbers ? 1 : 0)));
    this.table.setAttribute("aria-readonly", String(!this.interactive));
    const widths = this.columnWidths();
    this.colgroup.replaceChildren(...(numbers ? [el("col", { style: "width: 4em" })] : []),
      ...widths.map((width) => el("col", { style: `width: ${width}` })));
    this.table.style.width = widths.some((w) => w.endsWith("%")) ? "100%" : "max-content";
    const sort = new Map((this.viewState.sort || []).map(([c, d]) => [c, d]));
    const heads = source.headers.map((header, c) => {
      const direction = sort.get(c);
      const sortButton = el("button", { type: "button", class: "df-sort",
                                        text: header === "" ? `Column ${c + 1}` : header });
      sortButton.title = `Sort by ${header}`;
      sortButton.addEventListener("click", () => this.toggleSort(c));
      return el("th", { scope: "col", "aria-colindex": String(c + 1 + (numbers ? 1 : 0)),
                        "aria-sort": direction === "asc" ? "ascending"
                          : direction === "desc" ? "descending" : "none",
                        "data-column": String(c) }, sortButton,
                el("span", { class: "df-sort-mark", "aria-hidden": "true",
                             text: direction === "asc" ? "▲" : direction === "desc" ? "▼" : "" }));
    });
    this.headRow.replaceChildren(...(numbers ? [el("th", { scope: "col", class: "df-number",
                                                           "aria-colindex": "1", text: "#" })] : []),
                                 ...heads);
    this.refreshRows();
    this.pin();
    this.updateActions();
  }

  columnWidths() {
    const given = this.props.column_widths || [];
    const sample = [];
    for (let i = 0; i < Math.min(this.source.total, 50); i++) {
      const row = this.source.row(i);
      if (row) sample.push(row);
    }
    return this.source.headers.map((header, c) => {
      const width = given[c];
      if (width && width !== "auto") return typeof width === "number" ? `${width}px` : width;
      let longest = Math.ceil(String(header).length * 1.15) + 3; // bold, with its sort mark
      for (const row of sample) {
        const text = row.display?.[c] ?? shown(row.cells[c]);
        longest = Math.max(longest, Math.min(String(text).length, this.props.max_chars || 60));
      }
      const limit = this.props.wrap ? 28 : 40;
      return `${Math.max(5, Math.min(longest, limit)) + 2}ch`;
    });
  }

  pin() {
    const pinned = this.props.pinned_columns || 0;
    const numbers = this.props.show_row_numbers ? 1 : 0;
    const count = pinned ? pinned + numbers : 0;
    let left = 0;
    const offsets = [];
    const heads = [...this.headRow.children];
    for (let i = 0; i < count && i < heads.length; i++) {
      offsets.push(left);
      left += heads[i].getBoundingClientRect().width;
    }
    this.pinned = offsets;
    const apply = (cells) => cells.forEach((cell, i) => {
      const on = i < offsets.length;
      cell.classList.toggle("df-pinned", on);
      cell.style.left = on ? `${offsets[i]}px` : "";
    });
    apply(heads);
    for (const tr of this.rows.values()) apply([...tr.children]);
  }

  // --- rows (virtual scrolling) ---------------------------------------------------------
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.renderRows();
    });
  }

  refreshRows() {
    for (const tr of this.rows.values()) tr.remove();
    this.rows.clear();
    this.renderRows();
  }

  renderRows() {
    const source = this.source;
    const total = source.total;
    const height = this.rowHeight;
    const headHeight = this.headRow.getBoundingClientRect().height || height;
    const top = Math.max(0, this.scroller.scrollTop - headHeight);
    const visible = Math.ceil((this.scroller.clientHeight || 500) / height);
    const first = Math.max(0, Math.floor(top / height) - OVERSCAN);
    const last = Math.min(total, first + visible + 2 * OVERSCAN);
    this.table.setAttribute("aria-rowcount", String(total + 1));
    for (const [position, tr] of this.rows) {
      if (position < first || position >= last || tr.stale) {
        tr.remove();
        this.rows.delete(position);
      }
    }
    let before = this.topSpacer;
    this.body.prepend(this.topSpacer);
    let missing = false;
    for (let position = first; position < last; position++) {
      let tr = this.rows.get(position);
      if (!tr) {
        const row = source.row(position);
        if (!row) missing = true;
        tr = this.makeRow(position, row);
        this.rows.set(position, tr);
      }
      if (before.nextSibling !== tr) before.after(tr);
      before = tr;
    }
    this.body.append(this.bottomSpacer);
    this.topSpacer.firstChild.style.height = `${first * height}px`;
    this.bottomSpacer.firstChild.style.height = `${Math.max(0, total - last) * height}px`;
    const span = String(source.columns + (this.props.show_row_numbers ? 1 : 0) || 1);
    this.topSpacer.firstChild.colSpan = this.bottomSpacer.firstChild.colSpan = Number(span);
    if (missing) source.ensure(first, last);
    const sample = this.rows.get(first);
    if (sample && !sample.stale) {
      const measured = sample.getBoundingClientRect().height;
      if (measured > 0 && Math.abs(measured - this.rowHeight) > 1 && !this.props.wrap) {
        this.rowHeight = measured;
      }
    }
    this.showStatus();
    if (this.focusPending) {
      const td = this.cellAt(this.active.row, this.active.column);
      if (td && !td.parentElement.stale) {
        this.focusPending = false;
        td.tabIndex = 0;
        td.focus();
      }
    }
  }

  makeRow(position, row) {
    const numbers = !!this.props.show_row_numbers;
    const tr = el("tr", { "aria-rowindex": String(position + 2) });
    tr.position = position;
    if (numbers) tr.append(el("th", { scope: "row", class: "df-number", "aria-colindex": "1",
                                      text: String(position + 1) }));
    const types = this.types;
    for (let c = 0; c < this.source.columns; c++) {
      const td = el("td", { role: "gridcell", "aria-colindex": String(c + 1 + (numbers ? 1 : 0)),
                            "data-column": String(c), tabindex: "-1" });
      td.position = position;
      if (row) this.fillCell(td, row, c, types[c]);
      else {
        td.textContent = "…";
        td.setAttribute("aria-busy", "true");
      }
      if (position === this.active.row && c === this.active.column) td.tabIndex = 0;
      tr.append(td);
    }
    if (!row) tr.stale = true;
    if (this.pinned && this.pinned.length) {
      [...tr.children].forEach((cell, i) => {
        if (i < this.pinned.length) {
          cell.classList.add("df-pinned");
          cell.style.left = `${this.pinned[i]}px`;
        }
      });
    }
    return tr;
  }

  fillCell(td, row, c, kind) {
    const value = row.cells[c];
    td.replaceChildren();
    td.style.cssText = row.styling?.[c] || "";
    td.classList.toggle("df-numeric", kind === "number");
    let html = row.html?.[String(c)];
    if (html === undefined && (kind === "markdown" || kind === "html") && shown(value) !== "") {
      html = this.renderedHtml(kind, shown(value)); // undefined until the server renders it
    }
    const image = row.images?.[String(c)];
    if (kind === "bool") {
      const box = el("input", { type: "checkbox", tabindex: "-1",
                                "aria-label": `${this.source.headers[c]}, row ${td.position + 1}` });
      box.checked = value === true || value === "true";
      box.disabled = !this.editable(c);
      box.addEventListener("change", () => this.commit(row, c, box.checked));
      td.append(box);
    } else if (html !== undefined && html !== null) {
      td.innerHTML = html; // rendered and sanitised by the server
    } else if (image) {
      const src = typeof image === "string" ? image : this.blocks?.fileUrl(image);
      td.append(el("img", { src, alt: shown(value), class: "df-image", loading: "lazy" }));
    } else {
      const display = row.display?.[c];
      let text = display !== null && display !== undefined ? String(display) : shown(value);
      const limit = this.props.max_chars;
      if (limit && text.length > limit) {
        td.title = text;
        text = `${text.slice(0, limit)}…`;
      }
      td.textContent = text;
    }
  }

  // Markdown and html cells of a table held whole: rendered and sanitised by the server
  // when they first show, then kept.
  renderedHtml(kind, text) {
    const key = `${kind}\n${text}`;
    if (this.htmlCache.has(key)) return this.htmlCache.get(key);
    this.htmlWanted.set(key, { kind, text });
    if (!this.htmlTimer) this.htmlTimer = setTimeout(() => this.renderWanted(), 0);
    return undefined;
  }

  async renderWanted() {
    this.htmlTimer = null;
    const wanted = [...this.htmlWanted.entries()];
    this.htmlWanted.clear();
    for (const kind of ["markdown", "html"]) {
      const items = wanted.filter(([, item]) => item.kind === kind);
      for (let i = 0; i < items.length; i += 200) {
        const part = items.slice(i, i + 200);
        try {
          const answer = await this.request("render", {
            kind, texts: part.map(([, item]) => item.text),
            line_breaks: this.props.line_breaks !== false });
          part.forEach(([key], k) => this.htmlCache.set(key, answer.html[k]));
        } catch (error) {
          part.forEach(([key, item]) => this.htmlCache.set(key, null)); // shown as text
        }
      }
    }
    if (wanted.length) this.refreshRows();
  }

  sourceChanged(error) {
    if (error) {
      this.showAlert(error.status === 404
        ? "The server no longer holds this table; run the event that showed it again."
        : `Could not load rows: ${error.message}`);
    }
    // Each placeholder row is replaced in place: removing it first would let the table
    // shrink for a frame, and the browser would pull a scroll position at the end back.
    for (const [position, tr] of this.rows) {
      const row = this.source.row(position);
      if (tr.stale && row) {
        if (tr.contains(document.activeElement)) this.focusPending = true;
        const fresh = this.makeRow(position, row);
        tr.replaceWith(fresh);
        this.rows.set(position, fresh);
      }
    }
    this.schedule();
  }

  showStatus() {
    const source = this.source;
    const all = source.rowCount;
    this.status.textContent = source.total === all ? `${all} rows`
      : `${source.total} of ${all} rows`;
  }

  // --- view: sort, search, filters -------------------------------------------------------
  async changeView(change) {
    this.viewState = { ...this.viewState, ...change };
    await this.source.setView(this.viewState);
    this.scroller.scrollTop = 0;
    this.active.row = 0;
    this.layout();
  }

  toggleSort(column) {
    const current = (this.viewState.sort || []).find(([c]) => c === column);
    const next = !current ? "asc" : current[1] === "asc" ? "desc" : null;
    this.changeView({ sort: next ? [[column, next]] : [] }).then(() => {
      this.headRow.querySelector(`th[data-column="${column}"] button`)?.focus();
    });
  }

  toggleFilters() {
    const open = this.filters.node.hidden;
    this.filters.node.hidden = !open;
    this.filterButton.setAttribute("aria-expanded", String(open));
    if (open && !this.filters.lines.children.length) this.filters.add();
  }

  // --- selection and keyboard ------------------------------------------------------------
  cellAt(position, column) {
    return this.rows.get(position)?.querySelector(`td[data-column="${column}"]`) || null;
  }

  onClick(event) {
    if (this.editor && this.editor.contains(event.target)) return;
    const td = event.target.closest("td[data-column]");
    if (!td) return;
    const position = td.parentElement.position;
    this.moveTo(position, Number(td.dataset.column), true);
  }

  moveTo(position, column, select = true) {
    const total = this.source.total;
    if (!total || !this.source.columns) return;
    position = Math.max(0, Math.min(total - 1, position));
    column = Math.max(0, Math.min(this.source.columns - 1, column));
    const previous = this.cellAt(this.active.row, this.active.column);
    if (previous) previous.tabIndex = -1;
    this.active = { row: position, column };
    this.scrollToRow(position);
    const td = this.cellAt(position, column);
    if (td) {
      td.tabIndex = 0;
      td.focus({ preventScroll: false });
    }
    this.focusPending = !td || !!td.parentElement.stale; // focused once its row arrives
    this.updateActions();
    if (select) this.emitSelect(position, column);
  }

  scrollToRow(position) {
    const height = this.rowHeight;
    const head = this.headRow.getBoundingClientRect().height;
    const top = position * height;
    const view = this.scroller.clientHeight - head;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + height > this.scroller.scrollTop + view) {
      this.scroller.scrollTop = top + height - view;
    }
    this.renderRows();
  }

  emitSelect(position, column) {
    const row = this.source.row(position);
    if (!row) return;
    const local = !this.source.remote;
    this.emit("select", {
      index: [row.index, column], value: row.cells[column], selected: true,
      row_value: [...row.cells],
      col_value: local ? this.source.data.map((cells) => cells[column]) : null,
    });
  }

  onKey(event) {
    if (this.editor) return; // the editor handles its own keys
    const { row, column } = this.active;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.rowHeight) - 1);
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
                    PageUp: [-page, 0], PageDown: [page, 0] };
    if (event.target.closest("thead")) return;
    if (moves[event.key]) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      this.moveTo(row + dr, column + dc);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      const end = event.key === "End";
      if (event.ctrlKey) this.moveTo(end ? this.source.total - 1 : 0, column);
      else this.moveTo(row, end ? this.source.columns - 1 : 0);
    } else if (event.key === "Enter" || event.key === "F2") {
      event.preventDefault();
      this.startEdit(null);
    } else if (event.key === " " && this.types[column] === "bool") {
      event.preventDefault();
      const data = this.source.row(row);
      if (data && this.editable(column)) this.commit(data, column, !(data.cells[column] === true));
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (this.editable(column) && this.types[column] !== "bool") {
        event.preventDefault();
        this.startEdit(event.key);
      }
    }
  }

  // --- editing ---------------------------------------------------------------------------
  startEdit(initial) {
    const { row: position, column } = this.active;
    const row = this.source.row(position);
    const td = this.cellAt(position, column);
    if (!row || !td || !this.editable(column) || this.types[column] === "bool") return;
    const kind = this.types[column];
    const input = el("input", { type: "text", class: "df-editor",
                                inputmode: kind === "number" ? "decimal" : null,
                                "aria-label": `Edit ${this.source.headers[column]}, row ${position + 1}` });
    input.value = initial ?? shown(row.cells[column]);
    input.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter") {
        event.preventDefault();
        this.finishEdit(true);
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.finishEdit(false);
      } else if (event.key === "Tab") {
        event.preventDefault();
        this.finishEdit(true).then(() => this.moveTo(position, column + (event.shiftKey ? -1 : 1)));
      }
    });
    input.addEventListener("blur", () => this.finishEdit(true));
    this.editor = input;
    this.editing = { row, column, position, td };
    td.replaceChildren(input);
    input.focus();
    if (initial === null) input.select();
  }

  closeEditor() {
    this.editor = null;
    this.editing = null;
  }

  async finishEdit(keep) {
    const editing = this.editing;
    const input = this.editor;
    if (!editing) return;
    this.closeEditor();
    let value = input.value;
    const before = editing.row.cells[editing.column];
    const numeric = this.types[editing.column] === "number" ||
      (typeof before === "number" && value.trim() !== "" && !Number.isNaN(Number(value)));
    if (keep && numeric) {
      if (value.trim() === "") value = null;
      else if (Number.isNaN(Number(value))) {
        this.showAlert(`"${value}" is not a number; the cell keeps its value.`);
        keep = false;
      } else value = Number(value);
    }
    const unchanged = value === editing.row.cells[editing.column] ||
      (value === "" && editing.row.cells[editing.column] === null);
    if (keep && !unchanged) await this.commit(editing.row, editing.column, value);
    else this.fillCell(editing.td, editing.row, editing.column, this.types[editing.column]);
    if (this.editing === null) this.cellAt(editing.position, editing.column)?.focus();
  }

  async commit(row, column, value) {
    let result;
    try {
      result = await this.source.set(row.index, column, value);
    } catch (error) {
      this.showAlert(`The edit was refused: ${error.message}`);
      this.refreshRows();
      return;
    }
    this.showAlert("");
    this.refreshRows();
    this.emit("edit", { index: [row.index, column], value: result.value,
                        previous_value: result.previous_value });
    this.userChanged(this.source.value());
  }

  // --- rows and columns ------------------------------------------------------------------
  limits(name) {
    return this.props[name] || [null, null];
  }

  updateActions() {
    const interactive = this.interactive;
    const rows = this.source.rowCount;
    const columns = this.source.columns;
    const [minRows, maxRows] = this.limits("row_limits");
    const [minColumns, maxColumns] = this.limits("column_limits");
    const fixedColumns = (this.props.static_columns || []).length > 0;
    this.actions.hidden = !interactive;
    this.addRowButton.disabled = maxRows !== null && rows >= maxRows;
    this.deleteRowButton.disabled = !rows || (minRows !== null && rows <= minRows);
    this.addColumnButton.hidden = this.deleteColumnButton.hidden = fixedColumns ||
      (minColumns !== null && minColumns === maxColumns);
    this.addColumnButton.disabled = maxColumns !== null && columns >= maxColumns;
    this.deleteColumnButton.disabled = !columns || (minColumns !== null && columns <= minColumns);
  }

  async structural(action, focusRow, focusColumn) {
    try {
      await action();
    } catch (error) {
      this.showAlert(`The change was refused: ${error.message}`);
      return;
    }
    this.showAlert("");
    if (this.source.remote) await this.source.reload();
    this.layout();
    this.userChanged(this.source.value());
    if (this.source.total) this.moveTo(focusRow(), focusColumn(), false);
  }

  addRow() {
    return this.structural(() => this.source.addRow(this.types),
                           () => this.source.total - 1, () => 0);
  }

  deleteRow() {
    const row = this.source.row(this.active.row);
    if (!row) return Promise.resolve();
    return this.structural(() => this.source.deleteRow(row.index),
                           () => Math.min(this.active.row, this.source.total - 1),
                           () => this.active.column);
  }

  addColumn() {
    const header = String(this.source.columns + 1);
    return this.structural(() => this.source.addColumn(header), () => this.active.row,
                           () => this.source.columns - 1);
  }

  deleteColumn() {
    const column = this.active.column;
    return this.structural(() => this.source.deleteColumn(column), () => this.active.row,
                           () => Math.min(column, this.source.columns - 1));
  }

  // --- the server's routes, copy, full screen ----------------------------------------------
  async request(path, body, kind = "json") {
    const response = await fetch(`${this.blocks.root}/dataframe/${path}`, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json",
                 "X-Blocks-Session": this.blocks.sessionHash || "" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      let message = `${response.status}`;
      try { message = (await response.json()).error || message; } catch { /* not JSON */ }
      throw Object.assign(new Error(message), { status: response.status });
    }
    return kind === "text" ? response.text() : response.json();
  }

  async copy() {
    try {
      const text = await this.source.copyText();
      await navigator.clipboard.writeText(text);
      this.status.textContent = "Copied the table";
      this.copyButton.textContent = "Copied";
      setTimeout(() => { this.copyButton.textContent = "Copy"; }, 1500);
    } catch (error) {
      this.showAlert(`Could not copy: ${error.message}`);
    }
  }

  toggleFullscreen() {
    const on = !this.classList.contains("df-fullscreen");
    this.classList.toggle("df-fullscreen", on);
    this.fullButton.setAttribute("aria-pressed", String(on));
    this.fullButton.textContent = on ? "Exit full screen" : "Full screen";
    this.renderRows();
  }
});
