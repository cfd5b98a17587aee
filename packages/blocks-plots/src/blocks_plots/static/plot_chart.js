// The chart of a LinePlot, ScatterPlot or BarPlot, drawn with uPlot (vendored).
//
// uPlot gives the scales, the axes (its time axis formats dates in the browser's time
// zone), the canvas, the cursor and the drag selection. Lines are uPlot's own; points
// and stacked bars are drawn here, in its draw hook, so that bars can span bins and
// stack, and points can take a colour each. Each point has its own slot of the x array
// (series are null elsewhere), so a series may hold several points at one x.

import uPlot from "./vendor/uplot.js";
import { numberFormat, timeFormat } from "./plot_format.js";

export const PALETTE = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b",
                        "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const RADIUS = 3.5;

// A colour on the scale of numbers (viridis), for t between 0 and 1.
export function gradientColor(t) {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [r, g, b] = VIRIDIS[i].map((c, k) => Math.round(c + f * (VIRIDIS[i + 1][k] - c)));
  return `rgb(${r}, ${g}, ${b})`;
}

function cssColor(color) {
  if (!color) return null;
  return /^[0-9a-f]{3}([0-9a-f]{3})?([0-9a-f]{2})?$/i.test(color) ? `#${color}` : color;
}

export function seriesColors(model, props, accent) {
  if (!model.colorField) return [accent];
  return model.series.map((s, i) => cssColor(props.color_map?.[s.name]) ||
                                     PALETTE[i % PALETTE.length]);
}

function lowerBound(xs, value) {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Chart {
  // env: {target, width, height, theme: {text, grid, accent, font}, onSelect(range),
  //       onDoubleClick(), onHover(hit | null)}
  constructor(model, props, env) {
    this.model = model;
    this.props = props;
    this.env = env;
    this.colors = seriesColors(model, props, env.theme.accent);
    this.layout();
    this.plot = new uPlot(this.options(), this.data, env.target);
    this.plot.over.addEventListener("dblclick", () => env.onDoubleClick());
    this.plot.over.addEventListener("mouseleave", () => env.onHover(null));
  }

  destroy() {
    this.plot.destroy();
  }

  setSize(width, height) {
    this.plot.setSize({ width, height });
  }

  // -- data ----------------------------------------------------------------------------
  layout() {
    const { model } = this;
    if (model.mark === "bar") {
      const xs = [...new Set(model.series.flatMap((s) => s.points.map((p) => p.x)))]
        .sort((a, b) => a - b);
      const slot = new Map(xs.map((x, i) => [x, i]));
      this.slots = xs;
      this.values = model.series.map((s) => {
        const column = new Array(xs.length).fill(null);
        for (const p of s.points) column[slot.get(p.x)] = p;
        return column;
      });
      const ends = model.series.flatMap((s) => s.points.map((p) => p.x1 ?? p.x));
      this.extent = [xs[0], Math.max(...ends)];
      this.data = [xs, ...this.stacked(model.series.map(() => true))];
    } else {
      const flat = model.series.flatMap((s, series) => s.points.map((point) => ({ series, point })))
        .sort((a, b) => a.point.x - b.point.x);
      this.flat = flat;
      const xs = flat.map((f) => f.point.x);
      this.slots = xs;
      const columns = model.series.map(() => new Array(xs.length).fill(null));
      flat.forEach((f, i) => { columns[f.series][i] = f.point.y; });
      this.extent = [xs[0], xs[xs.length - 1]];
      this.data = [xs, ...columns];
    }
    if (model.xType === "nominal") this.extent = [-0.5, model.categories.length - 0.5];
    else if (!this.slots.length) this.extent = [0, 1];
    else if (model.mark !== "line" && this.slots.length) {
      const pad = this.slots.length > 1 ? this.minGap() / 2 : 1;
      this.extent = [this.extent[0] - (model.mark === "bar" && model.step !== null ? 0 : pad),
                     this.extent[1] + (model.mark === "bar" && model.step !== null ? 0 : pad)];
    }
  }

  minGap() {
    let gap = Infinity;
    for (let i = 1; i < this.slots.length; i++) {
      const d = this.slots[i] - this.slots[i - 1];
      if (d > 0 && d < gap) gap = d;
    }
    return Number.isFinite(gap) ? gap : 1;
  }

  // The tops of stacked bars (series in order, positive and negative apart).
  stacked(visible) {
    const up = new Array(this.slots.length).fill(0);
    const down = new Array(this.slots.length).fill(0);
    this.bases = this.values.map(() => new Array(this.slots.length).fill(null));
    return this.values.map((column, s) => column.map((p, i) => {
      if (!p || !visible[s]) return null;
      const stack = p.y >= 0 ? up : down;
      this.bases[s][i] = stack[i];
      stack[i] += p.y;
      return stack[i];
    }));
  }

  // -- uPlot's options -----------------------------------------------------------------
  options() {
    const { model, props, env } = this;
    const { theme } = env;
    const font = `12px ${theme.font}`;
    const axis = {
      stroke: theme.text, font, labelFont: font, labelSize: 18, gap: 4,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
    };
    const hideX = props.x_axis_labels_visible === false || props.x_axis_labels_visible === "hidden";
    const xAxis = {
      ...axis,
      label: props.x_title || model.xField,
      rotate: -(props.x_label_angle || 0),
      size: (u, values) => this.xAxisSize(u, values, hideX),
    };
    if (hideX) {
      xAxis.values = (u, splits) => splits.map(() => "");
      xAxis.ticks = { show: false };
    } else if (model.xType === "nominal") {
      xAxis.splits = (u, i, min, max) => {
        const out = [];
        for (let k = Math.max(0, Math.ceil(min)); k <= Math.min(model.categories.length - 1, max); k++) out.push(k);
        return out;
      };
      xAxis.values = (u, splits) => {
        const every = this.labelStep(u, splits.length);
        return splits.map((k, i) => (i % every ? "" : model.categories[k] ?? ""));
      };
    } else if (props.x_axis_format) {
      const format = model.xType === "temporal" ? timeFormat(props.x_axis_format)
        : numberFormat(props.x_axis_format);
      xAxis.values = (u, splits) => splits.map(format);
    }
    const yFormat = props.y_axis_format ? numberFormat(props.y_axis_format) : null;
    const rotateY = Number(props.y_label_angle) || 0;
    const yAxis = {
      ...axis,
      label: props.y_title || model.yField,
      size: (u, values) => this.yAxisSize(u, values),
    };
    if (yFormat) yAxis.values = (u, splits) => splits.map(yFormat);
    if (rotateY) {
      const plain = yAxis.values;
      yAxis.values = (u, splits) => {
        this.yLabels = plain ? plain(u, splits) : splits.map((v) => uPlot.fmtNum(v));
        this.ySplits = splits;
        return splits.map(() => "");
      };
    }
    const line = model.mark === "line";
    const counts = model.series.map((s) => s.points.length);
    return {
      width: env.width,
      height: env.height,
      legend: { show: false },
      padding: [12, 12, 0, 0],
      cursor: {
        x: line, y: false, points: { show: false },
        drag: { x: true, y: false, setScale: false, dist: 4 },
        bind: { dblclick: () => null },
      },
      scales: {
        x: {
          time: model.xType === "temporal",
          dir: model.reversed ? -1 : 1,
          range: () => this.xRange(),
        },
        y: { range: (u, min, max) => this.yRange(u, min, max) },
      },
      axes: [xAxis, yAxis],
      series: [{}, ...model.series.map((s, i) => ({
        label: s.name,
        stroke: this.colors[i],
        width: line ? 2 : 0,
        spanGaps: true,
        paths: line ? undefined : () => null,
        points: { show: line ? (u, si) => counts[si - 1] < 2 : false, size: 7, fill: this.colors[i] },
      }))],
      hooks: {
        draw: [(u) => this.draw(u, rotateY)],
        setSelect: [(u) => {
          if (u.select.width >= 3) env.onSelect(this.selection(u.select.left, u.select.left + u.select.width));
        }],
        setCursor: [(u) => env.onHover(u.cursor.left >= 0 ? this.hit(u.cursor.left, u.cursor.top) : null)],
        setSeries: [() => { if (model.mark === "bar") this.plot.setData(this.barData(), true); }],
      },
    };
  }

  barData() {
    return [this.slots, ...this.stacked(this.plot.series.slice(1).map((s) => s.show))];
  }

  xRange() {
    const limits = this.props.x_lim || [];
    let [low, high] = this.extent;
    if (this.model.xType !== "nominal") {
      if (limits[0] !== null && limits[0] !== undefined) low = limits[0];
      if (limits[1] !== null && limits[1] !== undefined) high = limits[1];
    }
    if (low === undefined || high === undefined) return [0, 1];
    if (low === high) {
      const pad = this.model.xType === "temporal" ? 60 : Math.abs(low) * 0.1 || 1;
      return [low - pad, high + pad];
    }
    return [low, high];
  }

  yRange(u, min, max) {
    const limits = this.props.y_lim || [];
    if (min === null || min === undefined || !Number.isFinite(min)) { min = 0; max = 1; }
    if (this.model.mark === "bar") { min = Math.min(0, min); max = Math.max(0, max); }
    let [low, high] = uPlot.rangeNum(min, max, 0.1, true);
    if (this.model.mark === "bar" && min === 0) low = 0;
    if (limits[0] !== null && limits[0] !== undefined) low = limits[0];
    if (limits[1] !== null && limits[1] !== undefined) high = limits[1];
    return [low, high];
  }

  labelStep(u, count) {
    if (!count) return 1;
    const angle = Math.abs(this.props.x_label_angle || 0);
    u.ctx.font = u.axes[0].font[0];
    const widest = Math.max(...this.model.categories.map((c) => u.ctx.measureText(c).width)) /
      devicePixelRatio;
    const need = angle >= 30 ? 18 : widest + 10;
    return Math.max(1, Math.ceil((count * need) / Math.max(1, u.bbox.width / devicePixelRatio)));
  }

  xAxisSize(u, values, hidden) {
    const axis = u.axes[0];
    if (hidden || !values) return 12;
    u.ctx.font = axis.font[0];
    const lines = values.map((v) => String(v).split("\n"));
    const widest = Math.max(0, ...lines.flat().map((v) => u.ctx.measureText(v).width)) /
      devicePixelRatio;
    const tall = 14 * Math.max(1, ...lines.map((l) => l.length)); // time labels have two lines
    const angle = (Math.abs(this.props.x_label_angle || 0) * Math.PI) / 180;
    return Math.ceil(axis.ticks.size + axis.gap + Math.abs(widest * Math.sin(angle)) +
                     Math.abs(tall * Math.cos(angle)) + 4);
  }

  yAxisSize(u, values) {
    const axis = u.axes[1];
    const texts = this.yLabels || values || [];
    u.ctx.font = axis.font[0];
    const widest = Math.max(0, ...texts.map((v) => u.ctx.measureText(String(v)).width)) /
      devicePixelRatio;
    return Math.ceil(axis.ticks.size + axis.gap + widest + 8);
  }

  // -- drawing -------------------------------------------------------------------------
  draw(u, rotateY) {
    const { ctx } = u;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    if (this.model.mark === "bar") this.drawBars(u);
    else if (this.model.mark === "point") this.drawPoints(u);
    ctx.restore();
    if (rotateY && this.ySplits) this.drawYLabels(u, rotateY);
  }

  barSpan(u, i, p) {
    const { model } = this;
    if (model.xType === "nominal") {
      return [u.valToPos(p.x - 0.4, "x"), u.valToPos(p.x + 0.4, "x")];
    }
    if (p.x1 !== null) {
      const a = u.valToPos(p.x, "x");
      const b = u.valToPos(p.x1, "x");
      const gap = Math.abs(b - a) > 4 ? 1 : 0;
      return [Math.min(a, b) + gap, Math.max(a, b) - gap];
    }
    const gap = this.slots.length > 1
      ? Math.abs(u.valToPos(this.slots[0] + this.minGap(), "x") - u.valToPos(this.slots[0], "x"))
      : 40;
    const width = Math.max(1, Math.min(60, gap * 0.8));
    const center = u.valToPos(p.x, "x");
    return [center - width / 2, center + width / 2];
  }

  drawBars(u) {
    const { ctx } = u;
    const dpr = devicePixelRatio;
    this.rects = [];
    this.values.forEach((column, s) => {
      if (!u.series[s + 1].show) return;
      ctx.fillStyle = this.colors[s];
      column.forEach((p, i) => {
        if (!p || this.bases[s][i] === null) return;
        const [left, right] = this.barSpan(u, i, p);
        const y0 = u.valToPos(this.bases[s][i], "y");
        const y1 = u.valToPos(this.bases[s][i] + p.y, "y");
        const top = Math.min(y0, y1);
        const bottom = Math.max(y0, y1);
        this.rects.push({ series: s, point: p, left, right, top, bottom });
        ctx.fillRect(u.bbox.left + left * dpr, u.bbox.top + top * dpr,
                     Math.max(1, (right - left) * dpr), Math.max(1, (bottom - top) * dpr));
      });
    });
  }

  drawPoints(u) {
    const { ctx } = u;
    const dpr = devicePixelRatio;
    const [c0, c1] = this.model.colorRange || [0, 1];
    ctx.globalAlpha = 0.85;
    for (const { series, point } of this.flat) {
      if (!u.series[series + 1].show) continue;
      const x = u.valToPos(point.x, "x", true);
      const y = u.valToPos(point.y, "y", true);
      ctx.fillStyle = this.model.gradient
        ? gradientColor(c1 > c0 ? (point.c - c0) / (c1 - c0) : 0.5) : this.colors[series];
      ctx.beginPath();
      ctx.arc(x, y, RADIUS * dpr, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  drawYLabels(u, angle) {
    const { ctx } = u;
    const axis = u.axes[1];
    ctx.save();
    ctx.font = axis.font[0];
    ctx.fillStyle = this.env.theme.text;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const x = u.bbox.left - (axis.ticks.size + axis.gap) * devicePixelRatio;
    this.ySplits.forEach((value, i) => {
      const y = u.valToPos(value, "y", true);
      if (y < u.bbox.top - 1 || y > u.bbox.top + u.bbox.height + 1) return;
      ctx.save();
      ctx.translate(x, y);
      ctx.rotate((angle * Math.PI) / 180);
      ctx.fillText(this.yLabels[i], 0, 0);
      ctx.restore();
    });
    ctx.restore();
  }

  // -- what the pointer or the keyboard is on ------------------------------------------
  hit(left, top) {
    const u = this.plot;
    if (this.model.mark === "bar") {
      return (this.rects || []).find((r) => left >= r.left - 1 && left <= r.right + 1 &&
                                             top >= r.top - 1 && top <= r.bottom + 1) || null;
    }
    const reach = 40;
    let a = u.posToVal(left - reach, "x");
    let b = u.posToVal(left + reach, "x");
    if (a > b) [a, b] = [b, a];
    let best = null;
    let bestDistance = this.model.mark === "point" ? 30 ** 2 : Infinity;
    for (let i = lowerBound(this.slots, a); i < this.slots.length && this.slots[i] <= b; i++) {
      const { series, point } = this.flat[i];
      if (!u.series[series + 1].show) continue;
      const dx = u.valToPos(point.x, "x") - left;
      const dy = u.valToPos(point.y, "y") - top;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) { bestDistance = distance; best = this.flat[i]; }
    }
    return best;
  }

  // Where a point is drawn, in CSS pixels of the plotting area.
  position(hit) {
    const u = this.plot;
    if (this.model.mark === "bar") {
      const rect = (this.rects || []).find((r) => r.point === hit.point);
      return rect ? { left: (rect.left + rect.right) / 2, top: rect.top } : null;
    }
    return { left: u.valToPos(hit.point.x, "x"), top: u.valToPos(hit.point.y, "y") };
  }

  // Every point (bar segment) a keyboard can visit, in the order of x.
  order() {
    if (this.model.mark === "bar") {
      const visible = (this.rects || []).map((r) => ({ series: r.series, point: r.point }));
      return visible.sort((a, b) => a.point.x - b.point.x || a.series - b.series);
    }
    return this.flat.filter((f) => this.plot.series[f.series + 1].show);
  }

  // The x range between two CSS pixel positions: [min, max] (times in seconds), or, on
  // categories, the categories it covers.
  selection(fromPx, toPx) {
    const u = this.plot;
    let a = u.posToVal(fromPx, "x");
    let b = u.posToVal(toPx, "x");
    if (a > b) [a, b] = [b, a];
    if (this.model.xType === "nominal") {
      const names = this.model.categories.filter((_, i) => i + 0.4 >= a && i - 0.4 <= b);
      return names.length ? { index: [names[0], names[names.length - 1]], value: names } : null;
    }
    return { index: [a, b], value: [a, b] };
  }

  // The x range spanned by points (a keyboard selection), shown as uPlot's selection:
  // the points' own x values, a bar's whole bin, or the categories between them.
  selectPoints(first, last) {
    const u = this.plot;
    const { model } = this;
    const ends = [first.point, last.point].flatMap((p) => {
      if (model.mark !== "bar" || model.xType === "nominal") return [p.x];
      if (p.x1 !== null) return [p.x, p.x1];
      return [p.x];
    });
    const low = Math.min(...ends);
    const high = Math.max(...ends);
    const pad = model.mark === "bar" && model.xType === "nominal" ? 0.4 : 0;
    const a = u.valToPos(low - pad, "x");
    const b = u.valToPos(high + pad, "x");
    const left = Math.min(a, b);
    u.setSelect({ left, width: Math.max(Math.abs(b - a), 2), top: 0,
                  height: u.bbox.height / devicePixelRatio }, false);
    if (model.xType === "nominal") {
      const names = model.categories.slice(low, high + 1);
      return { index: [names[0], names[names.length - 1]], value: names };
    }
    return { index: [low, high], value: [low, high] };
  }

  clearSelection() {
    this.plot.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  }
}
