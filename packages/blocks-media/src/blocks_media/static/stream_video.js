// Plays the segments of a streaming Video output (Video(streaming=True) fed by a
// generator) in the page's own <video> through a MediaSource: the server sends each
// segment as a fragmented MP4 with its codecs (H.264, AAC); they are appended in the
// order they arrived, in "sequence" mode, so each one plays where the previous ends.
// Imported by <blocks-video> when it first receives a segment.
//
//   const stream = new VideoStream(video, { autoplay, onError });
//   stream.push(url, codecs);
//   stream.finish();            // no more segments: the video ends after the last one
//   stream.close();

export function streamingAvailable() {
  return !!window.MediaSource;
}

export class VideoStream {
  constructor(video, { autoplay = true, onError = () => {} } = {}) {
    this.video = video;
    this.autoplay = autoplay;
    this.onError = onError;
    this.source = new MediaSource();
    this.buffer = null;
    this.codecs = null;
    this.closed = false;
    this.objectUrl = URL.createObjectURL(this.source);
    this.opened = new Promise((resolve) => {
      this.source.addEventListener("sourceopen", resolve, { once: true });
    });
    this.chain = this.opened;
    video.src = this.objectUrl;
  }

  push(url, codecs) {
    const bytes = fetch(url, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) throw new Error(`segment ${response.status}`);
      return response.arrayBuffer();
    });
    bytes.catch(() => {}); // reported in order, below
    this.chain = this.chain
      .then(() => bytes)
      .then((data) => this.append(data, codecs))
      .catch((error) => this.onError(error));
    return this.chain;
  }

  async append(data, codecs) {
    if (this.closed) return;
    const type = `video/mp4; codecs="${codecs}"`;
    if (!this.buffer) {
      this.buffer = this.source.addSourceBuffer(type);
      this.buffer.mode = "sequence";
    } else if (codecs !== this.codecs && this.buffer.changeType) {
      this.buffer.changeType(type);
    }
    this.codecs = codecs;
    await this.updated(() => this.buffer.appendBuffer(data));
    if (this.autoplay && this.video.paused && !this.played) {
      this.played = true;
      this.video.muted = true; // browsers start only muted videos by themselves
      this.video.play().catch(() => {});
    }
  }

  updated(action) {
    return new Promise((resolve, reject) => {
      const buffer = this.buffer;
      const done = () => {
        buffer.removeEventListener("error", failed);
        resolve();
      };
      const failed = () => {
        buffer.removeEventListener("updateend", done);
        reject(new Error("the browser cannot play this segment"));
      };
      buffer.addEventListener("updateend", done, { once: true });
      buffer.addEventListener("error", failed, { once: true });
      action();
    });
  }

  finish() {
    this.chain = this.chain.then(() => {
      if (!this.closed && this.source.readyState === "open") this.source.endOfStream();
    });
    return this.chain;
  }

  close() {
    this.closed = true;
    URL.revokeObjectURL(this.objectUrl);
  }
}
