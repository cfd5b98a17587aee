// Streaming the webcam of <blocks-video> to its `stream` listeners (see the runtime's
// runtime/streams.js): the webcam is recorded in clips of `stream_every` seconds, each
// a whole file (MediaRecorder restarted at every tick, so every clip has its header and
// plays on its own), sent as {data: base64, mime_type}. Imported when the user first
// streams.
//
//   const clips = new ClipStream(host, constraints, 0.5);
//   const media = await clips.start();   // the camera's stream, for a preview
//   clips.stop();                        // sends the last clip, then "stream_end"

const TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp8", "video/webm", "video/mp4"];

export class ClipStream {
  constructor(host, constraints, every) {
    this.host = host;
    this.constraints = constraints;
    this.every = every;
    this.media = null;
    this.recorder = null;
    this.timer = null;
    this.type = TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
  }

  get active() {
    return this.timer !== null;
  }

  async start() {
    this.media = await navigator.mediaDevices.getUserMedia(this.constraints);
    this.record();
    this.timer = setInterval(() => this.cut(), Math.max(100, this.every * 1000));
    return this.media;
  }

  // A new recorder on the same camera: its clip is sent when it stops.
  record() {
    const recorder = new MediaRecorder(this.media, this.type ? { mimeType: this.type } : undefined);
    const parts = [];
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) parts.push(event.data);
    });
    this.sent = new Promise((resolve) => {
      recorder.addEventListener("stop", async () => {
        const mime = (recorder.mimeType || "video/webm").split(";")[0];
        const blob = new Blob(parts, { type: mime });
        const data = blob.size ? await base64(blob) : null;
        if (data && !this.dropped) this.host.emit("stream", { data, mime_type: mime });
        resolve();
      }, { once: true });
    });
    recorder.start();
    this.recorder = recorder;
  }

  // Ends the current clip (sent once encoded) and starts the next one.
  cut() {
    const done = this.recorder;
    if (!done || done.state === "inactive") return;
    done.stop();
    this.record();
  }

  // `tell` (the user stopped): the last clip goes, then "stream_end".
  async stop(tell = true) {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    this.dropped = !tell; // the server ended the stream: the clip being made goes nowhere
    const recorder = this.recorder;
    this.recorder = null;
    if (recorder && recorder.state !== "inactive") recorder.stop();
    const sent = this.sent;
    if (this.media) for (const track of this.media.getTracks()) track.stop();
    this.media = null;
    if (tell) {
      await sent;
      this.host.emit("stream_end");
    }
  }
}

async function base64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
