// Draws a Plotly figure (the JSON of plotly.py's Figure.to_json()) with plotly.js.

import Plotly from "./vendor/plotly.js";

export async function render(target, json) {
  const figure = JSON.parse(json);
  const layout = { ...(figure.layout || {}), autosize: true };
  // plotly fills its container: give it the figure's height, or plotly's usual 450 pixels
  target.style.height = `${Number(layout.height) || 450}px`;
  await Plotly.newPlot(target, figure.data || [], layout,
                       { responsive: true, displaylogo: false, ...(figure.config || {}) });
}

export function dispose(target) {
  Plotly.purge(target);
}
