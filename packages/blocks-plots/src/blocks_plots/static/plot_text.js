// The words of a chart: its text description (the accessible name of the picture),
// the rows of a point's tooltip, and the rows of the data table that stands in for
// the picture. Pure functions over the model of plot_data.js.

import { fullTime, numberFormat, plainNumber, timeFormat } from "./plot_format.js";
import { yLabel } from "./plot_data.js";

const KINDS = { line: "Line plot", point: "Scatter plot", bar: "Bar plot" };

// How an x position reads: a time, a number, a category, or a bin "a to b".
export function xText(model, props, point) {
  if (model.xType === "nominal") return model.categories[point.x] ?? "";
  const one = (x) => formatX(model, props, x);
  if (model.step !== null) {
    const start = point.x1 !== null ? point.x : point.x - model.step / 2;
    return `${one(start)} to ${one(start + model.step)}`;
  }
  return one(point.x);
}

function formatX(model, props, x) {
  if (model.xType === "temporal") {
    return props.x_axis_format ? timeFormat(props.x_axis_format)(x) : fullTime(x);
  }
  return props.x_axis_format ? numberFormat(props.x_axis_format)(x) : plainNumber(x);
}

export function yText(props, y) {
  return props.y_axis_format ? numberFormat(props.y_axis_format)(y) : plainNumber(y);
}

function cell(model, column, value) {
  if (value === null || value === undefined) return "";
  if (model.datatypes[column] === "temporal") return fullTime(value / 1000);
  return typeof value === "number" ? plainNumber(value) : String(value);
}

// [[name, text], ...] for a point: y, x, colour, then the columns `tooltip` asks for
// (a point that stands for one row only).
export function tooltipRows(model, props, hit) {
  if (props.tooltip === "none") return [];
  const { point, series } = hit;
  const rows = [[yLabel(model, props), yText(props, point.y)],
                [props.x_title || model.xField, xText(model, props, point)]];
  if (model.colorField) {
    const color = model.gradient ? plainNumber(point.c) : model.series[series].name;
    rows.push([props.color_title || model.colorField, color]);
  }
  if (point.rows.length === 1 && (props.tooltip === "all" || Array.isArray(props.tooltip))) {
    const shown = new Set([model.xField, model.yField, model.colorField]);
    const row = model.rows[point.rows[0]];
    model.columns.forEach((column, i) => {
      if (shown.has(column)) return;
      if (props.tooltip === "all" || props.tooltip.includes(column)) {
        rows.push([column, cell(model, column, row[i])]);
      }
    });
  }
  return rows;
}

function range(values, format) {
  const present = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v));
  if (!present.length) return null;
  return [format(Math.min(...present)), format(Math.max(...present))];
}

// The accessible name of the picture: what it shows and the ranges of its axes.
export function describe(model, props) {
  const name = props.title || props.label;
  const kind = KINDS[model.mark];
  const xTitle = props.x_title || model.xField;
  const parts = [`${name ? `${name}: ` : ""}${kind.toLowerCase()} of ${yLabel(model, props)} ` +
                 `by ${xTitle}`];
  if (model.colorField) {
    const title = props.color_title || model.colorField;
    parts[0] += model.gradient ? `, coloured by ${title}`
      : `, ${model.series.length} series by ${title} (${model.series.map((s) => s.name).join(", ")})`;
  }
  if (!model.count) return `${parts[0]}; no data.`;
  parts.push(`${model.count} ${model.mark === "bar" ? "bars" : "points"}`);
  const points = model.series.flatMap((s) => s.points);
  if (model.xType === "nominal") {
    parts.push(`${xTitle}: ${model.categories.join(", ")}`);
  } else {
    const xs = range(points.map((p) => p.x), (x) => formatX(model, props, x));
    if (xs) parts.push(`${xTitle} from ${xs[0]} to ${xs[1]}`);
  }
  const ys = range(points.map((p) => p.y), (y) => yText(props, y));
  if (ys) parts.push(`${yLabel(model, props)} from ${ys[0]} to ${ys[1]}`);
  const limits = props.x_lim || [];
  if (model.xType !== "nominal" && limits.some((v) => v !== null && v !== undefined)) {
    const end = (v) => (v === null || v === undefined ? "the end" : formatX(model, props, v));
    parts.push(`zoomed to ${xTitle} from ${end(limits[0])} to ${end(limits[1])}`);
  }
  return `${parts.join("; ")}.`;
}

// The data table: a header and one row per point, in the order of x.
export function tableRows(model, props, limit = 1000) {
  const header = [props.x_title || model.xField, yLabel(model, props)];
  if (model.colorField) header.push(props.color_title || model.colorField);
  const points = model.series.flatMap((s, i) => s.points.map((point) => ({ point, series: i })))
    .sort((a, b) => a.point.x - b.point.x || a.series - b.series);
  const rows = points.slice(0, limit).map(({ point, series }) => {
    const row = [xText(model, props, point), yText(props, point.y)];
    if (model.colorField) {
      row.push(model.gradient ? plainNumber(point.c) : model.series[series].name);
    }
    return row;
  });
  return { header, rows, more: Math.max(0, points.length - limit) };
}
