// Recording from the microphone or the webcam with MediaRecorder, for <blocks-audio> and
// <blocks-video>. Imported when the user first starts recording.
//
//   const rec = new Recorder({ audio: true, video: false });
//   const stream = await rec.start();   // asks for the device(s); stream for a preview
//   rec.pause(); rec.resume();
//   const file = await rec.stop();       // a File: WebM/MP4 as recorded
//   const wav = await toWav(file);       // a sound recording as a 16-bit PCM WAV File
//   bufferToWav(audioBuffer)             // an AudioBuffer as WAV bytes

export function recordingAvailable() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia &&
            window.MediaRecorder);
}

function pickType(video) {
  const candidates = video
    ? ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]
    : ["audio/webm;codecs=opus", "audio/webm", "audio/ogg", "audio/mp4"];
  return candidates.find((type) => MediaRecorder.isTypeSupported(type)) || "";
}

export class Recorder {
  constructor(constraints) {
    this.constraints = constraints;
    this.stream = null;
    this.media = null;
    this.chunks = [];
  }

  get active() {
    return !!this.media && this.media.state !== "inactive";
  }

  get paused() {
    return !!this.media && this.media.state === "paused";
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia(this.constraints);
    const type = pickType(!!this.constraints.video);
    this.media = new MediaRecorder(this.stream, type ? { mimeType: type } : undefined);
    this.chunks = [];
    this.media.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) this.chunks.push(event.data);
    });
    this.media.start(250);
    return this.stream;
  }

  pause() {
    if (this.media && this.media.state === "recording") this.media.pause();
  }

  resume() {
    if (this.media && this.media.state === "paused") this.media.resume();
  }

  // Stops recording and the devices; resolves to the recording as a File.
  stop() {
    const media = this.media;
    if (!media) return Promise.resolve(null);
    return new Promise((resolve) => {
      media.addEventListener("stop", () => {
        const type = (media.mimeType || "application/octet-stream").split(";")[0];
        const ext = type.split("/")[1] || "webm";
        const base = this.constraints.video ? "webcam" : "recording";
        resolve(new File(this.chunks, `${base}.${ext}`, { type }));
      }, { once: true });
      media.stop();
      this.release();
    });
  }

  release() {
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
  }
}

// A sound file decoded by the browser and written as 16-bit PCM WAV.
export async function toWav(file) {
  const context = new (window.AudioContext || window.webkitAudioContext)();
  try {
    const buffer = await context.decodeAudioData(await file.arrayBuffer());
    return new File([wavBytes(buffer)], file.name.replace(/\.[^.]*$/, "") + ".wav",
                    { type: "audio/wav" });
  } finally {
    context.close();
  }
}

// An AudioBuffer as the bytes of a 16-bit PCM WAV file.
export function bufferToWav(buffer) {
  return wavBytes(buffer);
}

function wavBytes(buffer) {
  const channels = buffer.numberOfChannels;
  const frames = buffer.length;
  const size = frames * channels * 2;
  const view = new DataView(new ArrayBuffer(44 + size));
  const text = (offset, s) => [...s].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + size, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, buffer.sampleRate, true);
  view.setUint32(28, buffer.sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, size, true);
  const data = [...Array(channels).keys()].map((c) => buffer.getChannelData(c));
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const sample = Math.max(-1, Math.min(1, data[c][i]));
      view.setInt16(offset, sample < 0 ? sample * 0x8000 : sample * 0x7fff, true);
      offset += 2;
    }
  }
  return view.buffer;
}
