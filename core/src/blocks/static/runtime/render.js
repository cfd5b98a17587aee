// What a @gr.render function sends: a new subtree for its placeholder. Loaded by the
// runtime when a page receives its first render.
//
// A render message lists its components and listeners; an entry {"id", "same": true}
// repeats the previous render's. Keyed components keep their id: their element is
// reused and keeps the props listed in `preserved`; the others are new elements.

import { loadComponents } from "../runtime.js";

export class Renders {
  constructor(app) {
    this.app = app;
    this.current = new Map(); // placeholder id -> {ids, configs, deps}
  }

  // The listeners the current renders made.
  *dependencies() {
    for (const render of this.current.values()) yield* render.deps;
  }

  configsOf(payload) {
    const previous = this.current.get(payload.id);
    const configs = new Map();
    for (const component of payload.components) {
      configs.set(component.id, component.same ? previous?.configs.get(component.id) : component);
    }
    return configs;
  }

  // Start loading the modules a render needs (before its turn to be applied).
  prefetch(payload) {
    return loadComponents(this.app.assets, [...this.configsOf(payload).values()]);
  }

  async apply(payload) {
    const app = this.app;
    const container = app.elements.get(payload.id);
    if (!container) return;
    const previous = this.current.get(payload.id) || { ids: [], configs: new Map(), deps: [] };
    const configs = this.configsOf(payload);
    const failures = await loadComponents(app.assets, [...configs.values()]);
    const reused = new Map();
    for (const id of previous.ids) {
      if (configs.has(id) && app.elements.has(id)) reused.set(id, app.elements.get(id));
      else app.elements.delete(id);
    }
    const place = (node) => {
      const spec = configs.get(node.id);
      let element = reused.get(node.id);
      if (element) {
        const props = structuredClone(spec.props);
        for (const kept of spec.preserved || []) delete props[kept];
        element.setProps(props);
        for (const old of element.querySelectorAll(":scope > [data-blocks-id]")) old.remove();
      } else {
        element = app.createElement(node.id, spec, failures.get(spec.type));
      }
      for (const child of node.children || []) element.append(place(child));
      return element;
    };
    container.replaceChildren(...(payload.layout.children || []).map(place));
    const previousDeps = new Map(previous.deps.map((dep) => [dep.id, dep]));
    const deps = payload.dependencies.map((dep) => (dep.same ? previousDeps.get(dep.id) : dep));
    this.current.set(payload.id, { ids: [...configs.keys()], configs, deps });
  }
}
