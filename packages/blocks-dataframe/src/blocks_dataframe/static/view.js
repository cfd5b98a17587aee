// Sorting, search and filters of a table held by the page: the same rules as the
// server's (blocks_dataframe/view.py), which handles the tables that travel in windows.

export const TEXT_OPS = ["contains", "does not contain", "starts with", "ends with", "is",
                         "is not", "is empty", "is not empty"];
export const NUMBER_OPS = ["=", "≠", ">", "<", "≥", "≤", "is empty", "is not empty"];

export function shown(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && Number.isNaN(value)) return "";
  return String(value);
}

function isEmpty(value) {
  return shown(value) === "";
}

function asNumber(value) {
  if (value === null || value === undefined || value === "" || typeof value === "boolean") {
    return NaN;
  }
  return Number(value);
}

function passes(value, text, op, target) {
  if (op === "is empty") return isEmpty(value);
  if (op === "is not empty") return !isEmpty(value);
  if (NUMBER_OPS.includes(op)) {
    const number = asNumber(value);
    const goal = Number(target);
    if (Number.isNaN(goal)) return false;
    if (op === "≠") return !(number === goal);
    if (Number.isNaN(number)) return false;
    return { "=": number === goal, ">": number > goal, "<": number < goal,
             "≥": number >= goal, "≤": number <= goal }[op];
  }
  const needle = String(target ?? "").toLowerCase();
  switch (op) {
    case "contains": return text.includes(needle);
    case "does not contain": return !text.includes(needle);
    case "starts with": return text.startsWith(needle);
    case "ends with": return text.endsWith(needle);
    case "is": return text === needle;
    default: return text !== needle; // "is not"
  }
}

function compare(a, b, numeric) {
  if (numeric) return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

// The row indices `view` shows, in its order. `text(i, c)` is the shown text of a cell.
export function viewRows(data, view, text) {
  let rows = data.map((_, i) => i);
  for (const filter of view.filters || []) {
    rows = rows.filter((i) => passes(data[i][filter.column], text(i, filter.column).toLowerCase(),
                                     filter.op, filter.value));
  }
  const words = (view.search || "").toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length) {
    const columns = data.length ? data[0].length : 0;
    rows = rows.filter((i) => {
      const texts = [];
      for (let c = 0; c < columns; c++) texts.push(text(i, c).toLowerCase());
      return words.every((word) => texts.some((t) => t.includes(word)));
    });
  }
  for (const [column, direction] of [...(view.sort || [])].reverse()) {
    const values = rows.map((i) => data[i][column]);
    const numeric = values.every((v) => isEmpty(v) || (typeof v !== "boolean" &&
                                                      !Number.isNaN(asNumber(v))));
    const keyed = rows.map((i, k) => {
      const v = values[k];
      return { i, k, empty: isEmpty(v),
               key: numeric ? asNumber(v) : text(i, column).toLowerCase() };
    });
    const sign = direction === "desc" ? -1 : 1;
    keyed.sort((a, b) => (a.empty - b.empty) ||
               (a.empty ? 0 : sign * compare(a.key, b.key, numeric)) || (a.k - b.k));
    rows = keyed.map((entry) => entry.i);
  }
  return rows;
}
