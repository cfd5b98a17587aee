// Streaming inputs (docs/protocol.md, "Streaming inputs"). A component that streams (an
// Image's webcam, an Audio's microphone) emits `stream` with each chunk ({data: base64,
// mime_type}) every `stream_every` seconds (App.streamEvery), and `stream_end` when the
// user stops its source. The first chunk starts one job per `stream` listener of the
// component (an `event` frame marked `stream`); later chunks go to that job (`chunk`
// frames, with every other input's value as it is now); `stream_end` sends `end`, and
// the job completes once it has handled the chunks sent. A stream job that ends on its
// own (its time limit, an error, a cancel) tells the component (`streamEnded(done)`),
// which stops its source. Loaded by the runtime with the first chunk.

export class Streams {
  constructor(app) {
    this.app = app;
    this.active = new Map(); // dependency id -> its stream job's id
    this.ended = new Set(); // stream jobs that ended: chunks already on their way are refused
  }

  listeners(id) {
    return [...this.app.dependencies()].filter((dep) =>
      dep.targets.some(([target, name]) => target === id && name === "stream"));
  }

  // The input values of `dep` with `chunk` in place of the source `id`'s value.
  values(dep, id, chunk) {
    return dep.inputs.map((input) => (input === id ? chunk
      : this.app.elements.get(input)?.value ?? null));
  }

  chunk(id, chunk) {
    for (const dep of this.listeners(id)) {
      const jobId = this.active.get(dep.id);
      if (jobId) {
        this.app.send({ type: "chunk", id: jobId, data: this.values(dep, id, chunk) });
        continue;
      }
      this.app.scheduler.fire(dep, { id, event: "stream" }, null, {
        stream: true,
        values: (values) => dep.inputs.map((input, index) => (input === id ? chunk : values[index])),
        started: (newId) => this.active.set(dep.id, newId),
      });
    }
  }

  end(id) {
    for (const dep of this.listeners(id)) {
      const jobId = this.active.get(dep.id);
      this.active.delete(dep.id);
      if (jobId) this.app.send({ type: "end", id: jobId });
    }
  }

  // Whether `jobId` is a stream that ended (the server refuses chunks sent after its end).
  over(jobId) {
    return this.ended.has(jobId);
  }

  // A job ended: if it was a stream still open on the page, its sources stop.
  finished(job, message) {
    if (this.active.get(job.dep.id) !== job.id) return;
    this.active.delete(job.dep.id);
    this.ended.add(job.id);
    if (this.ended.size > 64) this.ended.delete(this.ended.values().next().value);
    for (const [target, name] of job.dep.targets) {
      if (name !== "stream") continue;
      const element = this.app.elements.get(target);
      if (element && typeof element.streamEnded === "function") element.streamEnded(message);
    }
  }
}
