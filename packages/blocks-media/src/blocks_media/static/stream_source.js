// Streaming the microphone of <blocks-audio> to its `stream` listeners (see the runtime's
// runtime/streams.js): every `stream_every` seconds, the sound since the last chunk as a
// 16-bit PCM WAV file (mono, at the device's rate), sent as {data: base64, mime_type}.
// The samples come from an AudioWorklet (pcm_worklet.js). Imported when the user first
// streams.
//
//   const mic = new MicStream(host, 0.5);
//   await mic.start();   // asks for the microphone; host emits "stream" at each tick
//   mic.stop();          // sends what is left, then host emits "stream_end"

export class MicStream {
  constructor(host, every) {
    this.host = host;
    this.every = every;
    this.media = null;
    this.context = null;
    this.blocks = [];
    this.timer = null;
  }

  get active() {
    return this.timer !== null;
  }

  async start() {
    this.media = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    try {
      const context = new AudioContext();
      this.context = context;
      await context.audioWorklet.addModule(new URL("./pcm_worklet.js", import.meta.url));
      const tap = new AudioWorkletNode(context, "blocks-pcm-tap");
      tap.port.onmessage = (event) => this.blocks.push(event.data);
      context.createMediaStreamSource(this.media).connect(tap);
      tap.connect(context.destination); // pulls the graph; the tap outputs silence
      this.tap = tap;
    } catch (error) {
      this.release();
      throw error;
    }
    this.timer = setInterval(() => this.flush(), Math.max(10, this.every * 1000));
  }

  // Sends the samples gathered since the last chunk, if any.
  flush() {
    if (!this.blocks.length || !this.context) return;
    const blocks = this.blocks.splice(0);
    const bytes = wavBytes(blocks, this.context.sampleRate);
    this.host.emit("stream", { data: base64(bytes), mime_type: "audio/wav" });
  }

  // Stops the microphone; `tell` (the user stopped): the last samples go, and the
  // stream's jobs end once they have handled every chunk.
  stop(tell = true) {
    if (this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    if (tell) this.flush();
    this.release();
    if (tell) this.host.emit("stream_end");
  }

  release() {
    if (this.tap) this.tap.port.onmessage = null;
    if (this.context) this.context.close().catch(() => {});
    if (this.media) for (const track of this.media.getTracks()) track.stop();
    this.context = this.media = this.tap = null;
    this.blocks = [];
  }
}

function wavBytes(blocks, rate) {
  const frames = blocks.reduce((total, block) => total + block.length, 0);
  const view = new DataView(new ArrayBuffer(44 + frames * 2));
  const text = (offset, s) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + frames * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, frames * 2, true);
  let offset = 44;
  for (const block of blocks) {
    for (const value of block) {
      const sample = Math.max(-1, Math.min(1, value));
      view.setInt16(offset, sample < 0 ? sample * 0x8000 : sample * 0x7fff, true);
      offset += 2;
    }
  }
  return new Uint8Array(view.buffer);
}

function base64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
