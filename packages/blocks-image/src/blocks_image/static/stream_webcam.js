// Streaming the webcam of <blocks-image> to its `stream` listeners (see the runtime's
// runtime/streams.js): a JPEG frame every `stream_every` seconds while the user streams.
// Imported when the user first starts a stream.
//
//   const frames = new FrameStream(host, webcam, 0.5);
//   frames.start();   // host emits "stream" with {data, mime_type} at each tick
//   frames.stop();    // host emits "stream_end"

export class FrameStream {
  constructor(host, webcam, every) {
    this.host = host;
    this.webcam = webcam;
    this.every = every;
    this.canvas = document.createElement("canvas");
    this.timer = null;
  }

  get active() {
    return this.timer !== null;
  }

  start() {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.tick(), Math.max(10, this.every * 1000));
    this.tick();
  }

  tick() {
    const canvas = this.webcam.active && this.webcam.frame(this.canvas);
    if (!canvas) return;
    const url = canvas.toDataURL("image/jpeg", 0.85);
    this.host.emit("stream", { data: url.slice(url.indexOf(",") + 1), mime_type: "image/jpeg" });
  }

  // Stops the ticks; `tell` (the user stopped): the stream's jobs end once their
  // frames are handled.
  stop(tell = true) {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    if (tell) this.host.emit("stream_end");
  }
}
