// <blocks-lineplot>, <blocks-scatterplot>, <blocks-barplot>: a chart of a DataFrame.
//
// The value is Gradio's PlotData ({columns, data, datatypes, mark}); plot_data.js turns
// it and the props into series, plot_chart.js draws them with uPlot, plot_text.js
// writes the description, tooltips and the data table. The picture is an element of
// role img named by a text description, with the data table beside it. Dragging across
// the chart (or Shift+arrow keys, then Enter) emits `select` with the x range;
// double-clicking (or Escape) emits `double_click`.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import { Chart } from "./plot_chart.js";
import { PlotError, prepare } from "./plot_data.js";
import { describe, tableRows, tooltipRows } from "./plot_text.js";

stylesheet(new URL("./vendor/uplot.css", import.meta.url));
stylesheet(new URL("./native_plot.css", import.meta.url));

const DEFAULT_HEIGHT = 300;
const DRAWN = new Set(["value", "x", "y", "color", "title", "x_title", "y_title", "color_title",
  "x_bin", "y_aggregate", "color_map", "colors_in_legend", "x_lim", "y_lim", "x_label_angle",
  "y_label_angle", "x_axis_format", "y_axis_format", "x_axis_labels_visible", "sort",
  "tooltip", "height", "label"]);
const HELP = "Arrow keys move between points; Shift with arrow keys selects a range of x, " +
  "Enter reports it; Escape resets.";

class NativePlot extends BlocksElement {
  static mark = "line";

  build() {
    const id = this.uid("plot");
    this.classList.add("plot-block");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.buttons = el("div", { class: "plot-buttons" });
    this.titleEl = el("div", { class: "plot-title", hidden: true });
    this.host = el("div", { class: "plot-canvas" });
    this.tooltip = el("div", { class: "plot-tooltip", role: "tooltip", id: `${id}-tip`,
                               hidden: true });
    this.marker = el("div", { class: "plot-marker", hidden: true });
    this.frame = el("div", { class: "plot-frame", role: "img", tabindex: "0",
                             "aria-describedby": `${id}-help` },
                    this.host, this.marker, this.tooltip);
    this.help = el("p", { id: `${id}-help`, hidden: true, text: HELP }); // read as the description
    this.live = el("div", { class: "sr-only", "aria-live": "polite" });
    this.empty = el("div", { class: "plot-empty", text: "No data", hidden: true });
    this.error = el("div", { class: "plot-error", role: "alert", hidden: true });
    this.legend = el("div", { class: "plot-legend", role: "group", hidden: true });
    this.captionEl = el("p", { class: "plot-caption", hidden: true });
    // the data table: a disclosure button and the table it shows
    this.tableHost = el("div", { class: "plot-table", id: `${id}-table`, hidden: true });
    this.tableButton = el("button", { type: "button", class: "plot-data-button",
                                      "aria-expanded": "false", "aria-controls": `${id}-table`,
                                      text: "Data table" });
    this.tableButton.addEventListener("click", () => {
      const open = this.tableHost.hidden;
      this.tableHost.hidden = !open;
      this.tableButton.setAttribute("aria-expanded", String(open));
      if (open) this.fillTable();
    });
    this.details = el("div", { class: "plot-data" }, this.tableButton, this.tableHost);
    this.append(this.labelEl, this.buttons, this.titleEl, this.frame, this.empty, this.error,
                this.legend, this.captionEl, this.details, this.help, this.live);

    this.frame.addEventListener("keydown", (event) => this.onKey(event));
    this.frame.addEventListener("pointerdown", () => { this.pressed = true; });
    this.addEventListener("fullscreenchange", () => this.resize());
    new ResizeObserver(() => this.resize()).observe(this.frame);
  }

  // Page-wide listeners: the end of a drag, and a change of light or dark mode.
  connectedCallback() {
    super.connectedCallback();
    if (this.released) return;
    this.released = () => {
      this.pressed = false;
      if (this.deferred) { this.deferred = false; this.schedule(); }
    };
    this.redraw = () => this.schedule();
    window.addEventListener("pointerup", this.released);
    this.dark = window.matchMedia("(prefers-color-scheme: dark)");
    this.dark.addEventListener("change", this.redraw);
    this.themeObserver = new MutationObserver(this.redraw);
    this.themeObserver.observe(document.documentElement,
                               { attributes: true, attributeFilter: ["class"] });
  }

  disconnectedCallback() {
    if (!this.released) return;
    window.removeEventListener("pointerup", this.released);
    this.dark.removeEventListener("change", this.redraw);
    this.themeObserver.disconnect();
    this.released = null;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, this.constructor.kind);
    this.labelEl.hidden = !this.props.label; // the picture's own name says what it is
    if ("container" in changed) this.classList.toggle("block", this.props.container !== false);
    if ("width" in changed) this.style.width = cssSize(this.props.width);
    if ("caption" in changed) {
      this.captionEl.textContent = this.props.caption || "";
      this.captionEl.hidden = !this.props.caption;
    }
    if ("buttons" in changed) this.makeButtons();
    if ([...Object.keys(changed)].some((name) => DRAWN.has(name))) this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.pressed) this.deferred = true; // never redraw under a drag
      else this.draw();
    });
  }

  theme() {
    const style = getComputedStyle(this);
    const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
    return { text: read("--body-text-color", "#1f2937"), grid: read("--block-border-color", "#e5e7eb"),
             accent: read("--color-accent", "#f97316"), font: style.fontFamily || "sans-serif" };
  }

  chartHeight() {
    if (document.fullscreenElement === this) return Math.max(200, window.innerHeight - 160);
    const height = this.props.height;
    if (typeof height === "number") return height;
    if (height) {
      this.host.style.height = cssSize(height);
      const measured = this.host.clientHeight;
      this.host.style.height = "";
      if (measured) return measured;
    }
    return DEFAULT_HEIGHT;
  }

  draw() {
    this.chart?.destroy();
    this.chart = null;
    this.model = null;
    this.hideTooltip();
    this.keyIndex = null;
    this.anchor = null;
    const value = this.props.value;
    const kind = this.constructor.kind;
    this.error.hidden = true;
    if (!value || !value.columns) {
      this.frame.hidden = true;
      this.legend.hidden = true;
      this.details.hidden = true;
      this.titleEl.hidden = true;
      this.empty.hidden = false;
      return;
    }
    try {
      this.model = prepare(value, this.props, this.constructor.mark);
    } catch (error) {
      if (!(error instanceof PlotError)) throw error;
      this.frame.hidden = true;
      this.empty.hidden = true;
      this.error.textContent = `${kind}: ${error.message}`;
      this.error.hidden = false;
      return;
    }
    this.empty.hidden = true;
    this.frame.hidden = false;
    this.details.hidden = false;
    this.titleEl.textContent = this.props.title || "";
    this.titleEl.hidden = !this.props.title;
    this.frame.setAttribute("aria-label", describe(this.model, this.props));
    const width = this.frame.clientWidth;
    if (!width) { this.unsized = true; return; } // drawn once the frame has a width
    this.unsized = false;
    this.chart = new Chart(this.model, this.props, {
      target: this.host, width, height: this.chartHeight(), theme: this.theme(),
      onSelect: (range) => range && this.emit("select", { ...range, selected: true }),
      onDoubleClick: () => this.emit("double_click"),
      onHover: (hit) => (hit ? this.showTooltip(hit) : this.hideTooltip()),
    });
    this.makeLegend();
    if (!this.tableHost.hidden) this.fillTable();
  }

  resize() {
    if (this.unsized) { this.schedule(); return; }
    if (!this.chart) return;
    const width = this.frame.clientWidth;
    if (width) this.chart.setSize(width, this.chartHeight());
  }

  // -- legend, tooltip, table ----------------------------------------------------------
  makeLegend() {
    const { model, props } = this;
    this.legend.replaceChildren();
    const title = props.color_title || model.colorField;
    this.legend.setAttribute("aria-label", title ? `Legend: ${title}` : "Legend");
    const listed = props.colors_in_legend;
    if (!model.colorField || (Array.isArray(listed) && !listed.length)) {
      this.legend.hidden = true;
      return;
    }
    this.legend.hidden = false;
    this.legend.append(el("span", { class: "plot-legend-title", text: title }));
    if (model.gradient) {
      const [low, high] = model.colorRange || [0, 1];
      this.legend.append(el("span", { text: String(low) }),
                         el("span", { class: "plot-gradient", "aria-hidden": "true" }),
                         el("span", { text: String(high) }));
      return;
    }
    model.series.forEach((series, i) => {
      if (Array.isArray(listed) && !listed.includes(series.name)) return;
      const button = el("button", { type: "button", class: "plot-legend-item",
                                    "aria-pressed": "true" },
                        el("span", { class: "plot-swatch", "aria-hidden": "true" }),
                        el("span", { text: series.name || "(none)" }));
      button.querySelector(".plot-swatch").style.background = this.chart.colors[i];
      button.addEventListener("click", () => {
        const shown = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(shown));
        this.chart.plot.setSeries(i + 1, { show: shown });
      });
      this.legend.append(button);
    });
  }

  showTooltip(hit) {
    const where = this.chart && this.chart.position(hit);
    if (!where) return this.hideTooltip();
    const u = this.chart.plot;
    const left = u.over.offsetLeft + where.left;
    const top = u.over.offsetTop + where.top;
    this.marker.style.left = `${left}px`;
    this.marker.style.top = `${top}px`;
    this.marker.style.borderColor = this.chart.colors[hit.series] || this.chart.colors[0];
    this.marker.hidden = false;
    const rows = tooltipRows(this.model, this.props, hit);
    if (!rows.length) { this.tooltip.hidden = true; return null; }
    this.tooltip.replaceChildren(...rows.map(([name, text]) =>
      el("div", {}, el("span", { class: "plot-key", text: `${name}: ` }), el("span", { text }))));
    this.tooltip.hidden = false;
    const room = this.frame.clientWidth - left - 16;
    this.tooltip.style.left = room > this.tooltip.offsetWidth ? `${left + 12}px`
      : `${Math.max(0, left - this.tooltip.offsetWidth - 12)}px`;
    this.tooltip.style.top = `${Math.max(0, top - this.tooltip.offsetHeight - 8)}px`;
    return rows;
  }

  hideTooltip() {
    this.tooltip.hidden = true;
    this.marker.hidden = true;
  }

  fillTable() {
    if (!this.model) return;
    const { header, rows, more } = tableRows(this.model, this.props);
    const table = el("table", {},
                     el("caption", { class: "sr-only", text: this.frame.getAttribute("aria-label") }),
                     el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { scope: "col", text: h })))),
                     el("tbody", {}, ...rows.map((row) => el("tr", {}, ...row.map((c) => el("td", { text: c }))))));
    this.tableHost.replaceChildren(table);
    if (more) this.tableHost.append(el("p", { text: `and ${more} more rows` }));
  }

  // -- buttons ---------------------------------------------------------------------------
  makeButtons() {
    const wanted = this.props.buttons || [];
    this.buttons.replaceChildren();
    if (wanted.includes("export")) {
      const button = el("button", { type: "button", class: "plot-button", text: "Export" });
      button.addEventListener("click", () => this.exportImage());
      this.buttons.append(button);
    }
    if (wanted.includes("fullscreen")) {
      const button = el("button", { type: "button", class: "plot-button", text: "Fullscreen",
                                    "aria-pressed": "false" });
      button.addEventListener("click", () => {
        if (document.fullscreenElement === this) document.exitFullscreen();
        else this.requestFullscreen?.();
      });
      this.addEventListener("fullscreenchange", () =>
        button.setAttribute("aria-pressed", String(document.fullscreenElement === this)));
      this.buttons.append(button);
    }
    this.buttons.hidden = !wanted.length;
  }

  exportImage() {
    if (!this.chart) return;
    const source = this.chart.plot.ctx.canvas;
    const canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = getComputedStyle(this).getPropertyValue("--block-background-fill").trim() || "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    const link = el("a", { href: canvas.toDataURL("image/png"), download: "plot.png" });
    link.click();
  }

  // -- keyboard --------------------------------------------------------------------------
  onKey(event) {
    if (!this.chart) return;
    const points = this.chart.order();
    if (!points.length) return;
    const last = points.length - 1;
    let next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowUp") next = this.keyIndex === null ? 0 : Math.min(last, this.keyIndex + 1);
    else if (event.key === "ArrowLeft" || event.key === "ArrowDown") next = this.keyIndex === null ? last : Math.max(0, this.keyIndex - 1);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = last;
    if (next !== null) {
      event.preventDefault();
      if (event.shiftKey) {
        this.anchor = this.anchor ?? this.keyIndex ?? next;
        this.range = this.chart.selectPoints(points[this.anchor], points[next]);
      } else {
        this.anchor = null;
        this.range = null;
        this.chart.clearSelection();
      }
      this.keyIndex = next;
      const rows = this.showTooltip(points[next]) || tooltipRows(this.model, this.props, points[next]);
      this.live.textContent = rows.map(([name, text]) => `${name} ${text}`).join(", ");
    } else if ((event.key === "Enter" || event.key === " ") && this.range) {
      event.preventDefault();
      this.emit("select", { ...this.range, selected: true });
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.anchor = null;
      this.range = null;
      this.chart.clearSelection();
      this.hideTooltip();
      this.emit("double_click");
    }
  }
}

for (const [name, mark, kind] of [["blocks-lineplot", "line", "Line plot"],
                                  ["blocks-scatterplot", "point", "Scatter plot"],
                                  ["blocks-barplot", "bar", "Bar plot"]]) {
  define(name, class extends NativePlot {
    static mark = mark;
    static kind = kind;
  });
}
