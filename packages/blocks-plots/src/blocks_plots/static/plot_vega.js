// Draws an Altair chart (a Vega-Lite spec, from Chart.to_json()) with Vega-Lite and
// Vega, as SVG (Vega gives its marks ARIA roles and labels), with a tooltip of its own.

import vega from "./vendor/vega.js";
import vegaLite from "./vendor/vega-lite.js";

const views = new WeakMap();

function tooltipHandler(target) {
  const tip = document.createElement("div");
  tip.className = "figure-tooltip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  target.append(tip);
  return (handler, event, item, value) => {
    if (value === null || value === undefined || value === "") {
      tip.hidden = true;
      return;
    }
    const entries = typeof value === "object" ? Object.entries(value) : [["", value]];
    tip.replaceChildren(...entries.map(([key, text]) => {
      const row = document.createElement("div");
      row.textContent = key ? `${key}: ${text}` : String(text);
      return row;
    }));
    const box = target.getBoundingClientRect();
    tip.style.left = `${event.clientX - box.left + 12}px`;
    tip.style.top = `${event.clientY - box.top + 12}px`;
    tip.hidden = false;
  };
}

export async function render(target, json, description) {
  let spec = JSON.parse(json);
  if (!String(spec.$schema || "").includes("/vega/")) spec = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "svg", container: target,
                                                 hover: true });
  view.tooltip(tooltipHandler(target));
  views.set(target, view);
  await view.runAsync();
  if (description) target.setAttribute("aria-label", description);
}

export function dispose(target) {
  views.get(target)?.finalize();
  views.delete(target);
}
