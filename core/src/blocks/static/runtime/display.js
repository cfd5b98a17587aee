// What the page tells the user about the work it asked for: the status of a job
// on its outputs (queue position, elapsed time, progress bars), validation messages
// under the inputs a validator refused, and notifications (toasts).

import { el } from "../base.js";

// --- job status on a component ----------------------------------------------------------
// `status` is "pending" or "idle"; `queued` is a queued message (position, eta) or null;
// `progress` the levels of a progress message, or null.
export function showStatus(element, { mode, status, queued = null, progress = null }) {
  if (element.setStatus) element.setStatus(mode === "hidden" ? "idle" : status, queued);
  if (mode === "hidden") return;
  let tracker = element.querySelector(":scope > .status-tracker");
  if (status !== "pending") {
    tracker?.remove();
    return;
  }
  if (!tracker) {
    tracker = el("div", { class: `status-tracker status-${mode}`, role: "status" },
      el("span", { class: "status-queue" }), el("span", { class: "status-time" }));
    tracker.started = performance.now();
    element.append(tracker);
    const tick = () => {
      if (!tracker.isConnected) return;
      const seconds = ((performance.now() - tracker.started) / 1000).toFixed(1);
      tracker.querySelector(".status-time").textContent = `${seconds}s`;
      setTimeout(tick, 100);
    };
    setTimeout(tick, 100);
  }
  const queue = tracker.querySelector(".status-queue");
  if (queued) {
    const eta = queued.eta === null || queued.eta === undefined ? "" : ` | ${queued.eta.toFixed(1)}s`;
    queue.textContent = `queue: ${queued.position + 1}${eta}`;
  } else if (!progress) {
    queue.textContent = "";
  }
  if (progress) showProgress(tracker, progress);
}

function showProgress(tracker, levels) {
  tracker.querySelectorAll(".progress").forEach((node) => node.remove());
  for (const level of levels) {
    let fraction = level.progress;
    if (fraction === null && level.index !== null && level.length) {
      fraction = level.index / level.length;
    }
    const fill = el("div", { class: "progress-fill" });
    const text = el("span", { class: "progress-text" });
    const bar = el("div", { class: "progress", role: "progressbar",
                            "aria-label": level.desc || "Progress", "aria-valuemin": "0",
                            "aria-valuemax": "100" }, fill, text);
    if (fraction !== null && fraction !== undefined) {
      const percent = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
      bar.setAttribute("aria-valuenow", String(percent));
      fill.style.width = `${percent}%`;
      const count = level.length ? ` ${level.index}/${level.length} ${level.unit || ""}` : "";
      text.textContent = `${level.desc ? level.desc + " " : ""}${percent}%${count}`;
    } else {
      text.textContent = `${level.desc || ""} ${level.index ?? ""} ${level.unit || ""}`.trim();
    }
    tracker.append(bar);
  }
}

// --- validation -------------------------------------------------------------------------
export function showValidation(element, message) {
  clearValidation(element);
  element.append(el("p", { class: "validation-error", role: "alert", text: message }));
  element.setAttribute("aria-invalid", "true");
}

export function clearValidation(element) {
  element.querySelectorAll(":scope > .validation-error").forEach((node) => node.remove());
  element.removeAttribute("aria-invalid");
}

// --- notifications ------------------------------------------------------------------------
// One region of toasts. A toast with the same kind, title and text as one still shown
// is not stacked: the shown one is updated (a count, a fresh timer) instead.
export class Toasts {
  constructor() {
    this.region = el("div", { class: "toasts", role: "region", "aria-label": "Notifications" });
    this.shown = new Map(); // key -> toast element
  }

  // `notice`: {title, message, duration (seconds, null = until closed), traceback}.
  // Returns the toast element; `key` names a toast to update later (e.g. "connection").
  show(notice, kind = "error", key = null) {
    const title = notice.title || kind.charAt(0).toUpperCase() + kind.slice(1);
    const id = key ?? JSON.stringify([kind, title, notice.message || "", notice.traceback || ""]);
    let box = this.shown.get(id);
    if (box && box.isConnected) {
      box.repeats = key === null ? box.repeats + 1 : 1;
    } else {
      box = this.make(id);
      box.repeats = 1;
    }
    box.className = `toast toast-${kind}`;
    box.setAttribute("role", kind === "info" || kind === "success" ? "status" : "alert");
    box.titleEl.textContent = title;
    box.countEl.textContent = box.repeats > 1 ? ` (${box.repeats}\u00d7)` : "";
    box.textEl.textContent = notice.message || "";
    box.traceEl.textContent = notice.traceback || "";
    box.traceEl.hidden = !notice.traceback;
    clearTimeout(box.timer);
    const duration = notice.duration === undefined ? 10 : notice.duration;
    if (duration !== null) box.timer = setTimeout(() => this.close(id), duration * 1000);
    return box;
  }

  make(id) {
    const close = el("button", { type: "button", class: "toast-close",
                                 "aria-label": "Close notification", text: "\u00d7" });
    const box = el("div", {});
    box.titleEl = el("span");
    box.countEl = el("span", { class: "toast-count" });
    box.textEl = el("p");
    box.traceEl = el("pre");
    box.append(el("strong", {}, box.titleEl, box.countEl), box.textEl, close, box.traceEl);
    close.addEventListener("click", () => this.close(id));
    this.shown.set(id, box);
    this.region.append(box);
    return box;
  }

  close(id) {
    const box = this.shown.get(id);
    if (!box) return;
    clearTimeout(box.timer);
    box.remove();
    this.shown.delete(id);
  }
}
