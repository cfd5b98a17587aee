// Where a table's rows come from: the page (LocalSource: the whole value arrived) or
// the server (RemoteSource: a large table the server keeps for this page and serves
// in windows, sorted and filtered there). Both give rows as
// { index, cells, display, styling, html, images } and apply edits.

import { shown, viewRows } from "./view.js";

const CHUNK = 100; // rows per window request

// The extras of row `i` from a value's metadata (Styler strings, rendered cells).
function extras(metadata, i) {
  if (!metadata) return {};
  const pick = (grid) => (grid ? grid[i] : undefined);
  const columns = (byColumn) => {
    if (!byColumn) return undefined;
    const found = {};
    for (const [column, values] of Object.entries(byColumn)) found[column] = values[i];
    return found;
  };
  return { display: pick(metadata.display_value), styling: pick(metadata.styling),
           html: columns(metadata.html), images: columns(metadata.images) };
}

function emptyRow(types, columns) {
  return Array.from({ length: columns }, (_, c) => {
    const kind = types[c] || "str";
    return kind === "number" ? null : kind === "bool" ? false : "";
  });
}

function tsv(headers, rows) {
  const cell = (v) => shown(v).replace(/[\t\n]/g, " ");
  return [headers.map(cell).join("\t"), ...rows.map((row) => row.map(cell).join("\t"))].join("\n");
}

export class LocalSource {
  constructor(value) {
    this.headers = [...(value.headers || [])];
    this.data = (value.data || []).map((row) => [...row]);
    this.metadata = value.metadata || null;
    this.view = {};
    this.order = this.data.map((_, i) => i);
    this.remote = false;
  }

  get columns() {
    return this.headers.length;
  }

  get total() {
    return this.order.length;
  }

  get rowCount() {
    return this.data.length;
  }

  text(i, c) {
    const display = this.metadata?.display_value?.[i]?.[c];
    return display !== null && display !== undefined ? String(display) : shown(this.data[i][c]);
  }

  async setView(view) {
    this.view = view;
    this.refresh();
  }

  refresh() {
    const view = this.view;
    const active = view.search || (view.sort && view.sort.length) || (view.filters && view.filters.length);
    this.order = active ? viewRows(this.data, view, (i, c) => this.text(i, c))
      : this.data.map((_, i) => i);
  }

  row(position) {
    const index = this.order[position];
    if (index === undefined) return null;
    return { index, cells: this.data[index], ...extras(this.metadata, index) };
  }

  ensure() {
    return Promise.resolve();
  }

  forget(index, column) {
    // an edited cell no longer shows the Styler's string for its old value
    const display = this.metadata?.display_value?.[index];
    if (display) display[column] = null;
    for (const key of ["html", "images"]) {
      const byColumn = this.metadata?.[key]?.[String(column)];
      if (byColumn) byColumn[index] = null;
    }
  }

  async set(index, column, value) {
    const previous = this.data[index][column];
    this.data[index][column] = value;
    this.forget(index, column);
    this.refresh();
    return { previous_value: previous, value };
  }

  async addRow(types) {
    this.data.push(emptyRow(types, this.columns));
    for (const key of ["display_value", "styling"]) {
      this.metadata?.[key]?.push(Array(this.columns).fill(null));
    }
    this.refresh();
    return { row: this.data.length - 1 };
  }

  async deleteRow(index) {
    this.data.splice(index, 1);
    for (const key of ["display_value", "styling"]) this.metadata?.[key]?.splice(index, 1);
    for (const key of ["html", "images"]) {
      for (const values of Object.values(this.metadata?.[key] || {})) values.splice(index, 1);
    }
    this.refresh();
  }

  async addColumn(header) {
    this.headers.push(header);
    for (const row of this.data) row.push("");
    for (const key of ["display_value", "styling"]) {
      for (const row of this.metadata?.[key] || []) row.push(null);
    }
    this.refresh();
  }

  async deleteColumn(column) {
    this.headers.splice(column, 1);
    for (const row of this.data) row.splice(column, 1);
    for (const key of ["display_value", "styling"]) {
      for (const row of this.metadata?.[key] || []) row.splice(column, 1);
    }
    for (const key of ["html", "images"]) {
      const byColumn = this.metadata?.[key];
      if (!byColumn) continue;
      const moved = {};
      for (const [c, values] of Object.entries(byColumn)) {
        const n = Number(c);
        if (n !== column) moved[String(n > column ? n - 1 : n)] = values;
      }
      this.metadata[key] = moved;
    }
    this.refresh();
  }

  // The wire value: every row, in the order of the data (sorting is only a view).
  value() {
    return { headers: [...this.headers], data: this.data.map((row) => [...row]),
             metadata: this.metadata };
  }

  async copyText() {
    return tsv(this.headers, this.order.map((i) => this.data[i]));
  }
}

export class RemoteSource {
  // `request(path, body)` posts to the app's dataframe routes and resolves to the JSON.
  constructor(value, request, onChange) {
    this.headers = [...(value.headers || [])];
    this.id = value.window.id;
    this.rowCount = value.window.rows;
    this.count = value.window.rows;
    this.request = request;
    this.onChange = onChange;
    this.view = {};
    this.chunks = new Map(); // chunk number -> rows
    this.pending = new Map(); // chunk number -> Promise
    this.generation = 0;
    this.remote = true;
    this.gone = false;
    this.store(0, value.data.map((cells, i) => ({ index: i, cells, ...extras(value.metadata, i) })));
  }

  get columns() {
    return this.headers.length;
  }

  get total() {
    return this.count;
  }

  store(chunk, rows) {
    this.chunks.set(chunk, rows);
  }

  async setView(view) {
    this.view = view;
    this.generation += 1;
    this.chunks.clear();
    this.pending.clear();
    await this.load(0);
  }

  // After an edit the server's order may change: read the shown rows again.
  async reload(first = 0, last = CHUNK) {
    this.generation += 1;
    this.chunks.clear();
    this.pending.clear();
    await this.ensure(first, last);
  }

  row(position) {
    const rows = this.chunks.get(Math.floor(position / CHUNK));
    return rows ? rows[position % CHUNK] || null : null;
  }

  ensure(first, last) {
    const loads = [];
    for (let chunk = Math.floor(first / CHUNK); chunk * CHUNK < Math.max(last, 1); chunk++) {
      if (chunk * CHUNK >= this.count && chunk > 0) break;
      if (!this.chunks.has(chunk)) loads.push(this.load(chunk));
    }
    return Promise.all(loads);
  }

  load(chunk) {
    if (this.pending.has(chunk)) return this.pending.get(chunk);
    const generation = this.generation;
    const promise = this.request("window", { id: this.id, start: chunk * CHUNK, count: CHUNK,
                                             sort: this.view.sort || [],
                                             search: this.view.search || "",
                                             filters: this.view.filters || [] })
      .then((part) => {
        if (generation !== this.generation) return;
        this.count = part.total;
        this.store(chunk, part.data.map((cells, k) => ({ index: part.index[k], cells,
                                                         ...extras(part.metadata, k) })));
        this.onChange();
      })
      .catch((error) => {
        if (error.status === 404) this.gone = true;
        this.onChange(error);
      })
      .finally(() => {
        if (this.pending.get(chunk) === promise) this.pending.delete(chunk);
      });
    this.pending.set(chunk, promise);
    return promise;
  }

  async set(index, column, value) {
    const result = await this.request("edit", { id: this.id, op: "set", row: index, column, value });
    for (const rows of this.chunks.values()) {
      for (const row of rows) {
        if (row.index === index) {
          row.cells = [...row.cells];
          row.cells[column] = result.value;
          if (row.display) row.display = Object.assign([...row.display], { [column]: null });
          if (row.html) delete row.html[String(column)];
          if (row.images) delete row.images[String(column)];
        }
      }
    }
    return result;
  }

  async edit(body) {
    const result = await this.request("edit", { id: this.id, ...body });
    this.rowCount = result.rows;
    return result;
  }

  async addRow() {
    const result = await this.edit({ op: "add_row" });
    this.count += 1;
    return result;
  }

  deleteRow(index) {
    return this.edit({ op: "delete_row", row: index });
  }

  async addColumn(header) {
    await this.edit({ op: "add_column", header });
    this.headers.push(header);
  }

  async deleteColumn(column) {
    await this.edit({ op: "delete_column", column });
    this.headers.splice(column, 1);
  }

  // The wire value: the handle; the server gives the function its table, edits included.
  value() {
    return { headers: [...this.headers], data: [], window: { id: this.id } };
  }

  async copyText() {
    return this.request("export", { id: this.id, sort: this.view.sort || [],
                                    search: this.view.search || "",
                                    filters: this.view.filters || [] }, "text");
  }
}
