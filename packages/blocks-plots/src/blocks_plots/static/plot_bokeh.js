// Draws a Bokeh figure (bokeh.embed.json_item) with the vendored BokehJS, which renders
// documents of its own version (see the bokeh extra of blocks-plots).

import Bokeh from "./vendor/bokeh.js";

const views = new WeakMap();

export async function render(target, json) {
  const item = JSON.parse(json);
  const found = await Bokeh.embed.embed_item(item, target);
  views.set(target, found);
}

export function dispose(target) {
  const found = views.get(target);
  for (const view of found || []) view.remove?.();
  views.delete(target);
}
