// From a plot's wire value ({columns, data, datatypes}) and props to what the chart
// draws: series of points, binned (`x_bin`), aggregated (`y_aggregate`) and sorted the
// way Gradio's plots (Vega-Lite) do it. Pure functions, no DOM.

const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 };

export const AGGREGATES = {
  sum: (ys) => ys.reduce((a, b) => a + b, 0),
  mean: (ys) => ys.reduce((a, b) => a + b, 0) / ys.length,
  median: (ys) => {
    const sorted = [...ys].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  },
  min: (ys) => Math.min(...ys),
  max: (ys) => Math.max(...ys),
  count: (ys) => ys.length,
};

export class PlotError extends Error {}

// The width of an x bin: a number, or a duration ("10m") in seconds for times.
export function binStep(xBin) {
  if (xBin === null || xBin === undefined || xBin === "") return null;
  if (typeof xBin === "number") return xBin > 0 ? xBin : null;
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(String(xBin).trim());
  return match ? Number(match[1]) * SECONDS[match[2]] : null;
}

const collator = new Intl.Collator(undefined, { numeric: true });

function orderCategories(categories, sort, totals) {
  const byName = [...categories].sort(collator.compare);
  if (Array.isArray(sort)) {
    const listed = sort.filter((c) => categories.includes(c));
    return [...listed, ...byName.filter((c) => !listed.includes(c))];
  }
  if (sort === "-x") return byName.reverse();
  if (sort === "y" || sort === "-y") {
    const sign = sort === "y" ? 1 : -1;
    return [...categories].sort((a, b) => sign * ((totals.get(a) || 0) - (totals.get(b) || 0)));
  }
  return byName;
}

// The model of a chart: {fields, types, series: [{name, points: [{x, x1, y, rows}]}], ...}.
// x is a number (seconds for times, the category's index for categories); x1 ends a bar's
// bin; rows are the indexes of the data rows a point stands for.
export function prepare(value, props, mark) {
  const { columns, data, datatypes } = value;
  const xField = props.x ?? columns[0];
  const yField = props.y ?? columns[1];
  for (const [name, field] of [["x", xField], ["y", yField], ["color", props.color]]) {
    if (field !== null && field !== undefined && !columns.includes(field)) {
      throw new PlotError(`No column "${field}" for ${name} in the data (its columns: ` +
                          `${columns.join(", ") || "none"}).`);
    }
  }
  const colorField = props.color ?? null;
  const xType = datatypes[xField] || "quantitative";
  const colorType = colorField ? datatypes[colorField] || "nominal" : null;
  const step = xType === "nominal" ? null : binStep(props.x_bin);
  const aggregating = mark === "point" ? step !== null : step !== null || xType === "nominal";
  const aggregateName = props.y_aggregate || "sum";
  const gradient = mark === "point" && colorType === "quantitative";
  const xi = columns.indexOf(xField);
  const yi = columns.indexOf(yField);
  const ci = colorField ? columns.indexOf(colorField) : -1;

  const seriesNames = [];
  const seriesIndex = new Map();
  const categories = [];
  const categoryIndex = new Map();
  const raw = []; // {s, x, y, row, c}
  data.forEach((row, r) => {
    let x = row[xi];
    const y = row[yi];
    if (x === null || x === undefined || typeof y !== "number") return;
    if (xType === "temporal") x = x / 1000;
    else if (xType === "nominal") {
      x = String(x);
      if (!categoryIndex.has(x)) { categoryIndex.set(x, categories.length); categories.push(x); }
    } else if (typeof x !== "number") return;
    let s = 0;
    let c = null;
    if (colorField && !gradient) {
      const name = row[ci] === null || row[ci] === undefined ? "" : String(row[ci]);
      if (!seriesIndex.has(name)) { seriesIndex.set(name, seriesNames.length); seriesNames.push(name); }
      s = seriesIndex.get(name);
    } else if (gradient) {
      c = typeof row[ci] === "number" ? row[ci] : null;
    }
    raw.push({ s, x, y, row: r, c });
  });
  if (!seriesNames.length) seriesNames.push(colorField && !gradient ? "" : yField);

  // group rows that share an x position (a bin, a category, or, for bars, a value)
  const grouping = aggregating || mark === "bar";
  const aggregate = AGGREGATES[aggregating ? aggregateName : "sum"];
  let points = raw.map((p) => ({ s: p.s, x: p.x, x1: null, y: p.y, rows: [p.row], c: p.c }));
  if (grouping) {
    const groups = new Map();
    for (const p of raw) {
      const start = step !== null ? Math.floor(p.x / step) * step : p.x;
      const key = `${p.s}\u0000${start}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { s: p.s, x: start, ys: [], rows: [], cs: [] }));
      g.ys.push(p.y);
      g.rows.push(p.row);
      if (p.c !== null) g.cs.push(p.c);
    }
    points = [...groups.values()].map((g) => ({
      s: g.s,
      x: step !== null && mark !== "bar" ? g.x + step / 2 : g.x,
      x1: step !== null && mark === "bar" ? g.x + step : null,
      y: aggregate(g.ys),
      rows: g.rows,
      c: g.cs.length ? AGGREGATES.mean(g.cs) : null,
    }));
  }

  // categories on x: ordered by `sort`, then positions 0, 1, 2...
  let ordered = categories;
  if (xType === "nominal") {
    const byCategory = new Map();
    for (const p of points) byCategory.set(p.x, (byCategory.get(p.x) || 0) + p.y);
    ordered = orderCategories(categories, props.sort, byCategory);
    const position = new Map(ordered.map((name, i) => [name, i]));
    for (const p of points) p.x = position.get(p.x);
  }

  const series = seriesNames.map((name) => ({ name, points: [] }));
  for (const p of points) series[p.s].points.push(p);
  for (const s of series) s.points.sort((a, b) => a.x - b.x);

  let colorRange = null;
  if (gradient) {
    const cs = points.map((p) => p.c).filter((c) => c !== null);
    if (cs.length) colorRange = [Math.min(...cs), Math.max(...cs)];
  }
  return {
    mark, xField, yField, colorField, xType, yType: datatypes[yField] || "quantitative",
    colorType, gradient, colorRange, step, aggregating, aggregateName, categories: ordered,
    series, columns, datatypes, rows: data, count: points.length,
    reversed: props.sort === "-x" && xType !== "nominal",
  };
}

// The y value of a point, named for the tooltip: "price" or "price (mean)".
export function yLabel(model, props) {
  const title = props.y_title || model.yField;
  return model.aggregating && !props.y_title ? `${title} (${model.aggregateName})` : title;
}
