// Plays the chunks of a streaming Audio output (Audio(streaming=True) fed by a generator)
// one after the other with Web Audio: each chunk is fetched and decoded as soon as it
// arrives (any format the browser decodes: WAV, MP3, OGG, FLAC, AAC) and scheduled to
// start where the previous one ends, so the sound has no gaps. Imported by
// <blocks-audio> when it first receives a chunk.
//
//   const sound = new SoundStream({ autoplay, onStart, onEnd });
//   sound.push(url);            // in order; each plays after the previous one
//   sound.pause(); sound.resume();
//   sound.finish();             // no more chunks: onEnd() once the last one has played
//   sound.close();

const LEAD = 0.05; // seconds between decoding a chunk and playing it, when nothing is queued

export class SoundStream {
  constructor({ autoplay = true, onStart = () => {}, onEnd = () => {}, onError = () => {},
                onChunk = () => {} }) {
    const Context = window.AudioContext || window.webkitAudioContext;
    this.context = new Context({ latencyHint: "interactive" });
    this.onStart = onStart;
    this.onEnd = onEnd;
    this.onError = onError;
    this.onChunk = onChunk; // onChunk(seconds): the length of every chunk scheduled so far
    this.received = 0;
    this.next = 0; // context time where the next chunk starts
    this.chain = Promise.resolve(); // chunks are scheduled in the order they arrived
    this.pending = 0; // sources scheduled and not yet ended
    this.started = false;
    this.finished = false;
    this.closed = false;
    this.paused = !autoplay;
    if (this.paused) this.context.suspend();
    else this.context.resume().catch(() => {});
  }

  push(url) {
    const decoded = fetch(url, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`chunk ${response.status}`);
        return response.arrayBuffer();
      })
      .then((bytes) => this.context.decodeAudioData(bytes));
    decoded.catch(() => {}); // reported in order, below
    this.chain = this.chain.then(() => decoded.then(
      (buffer) => this.schedule(buffer),
      (error) => this.onError(error)));
    return this.chain;
  }

  schedule(buffer) {
    if (this.closed) return;
    const context = this.context;
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const start = Math.max(this.next, context.currentTime + LEAD);
    source.start(start);
    this.next = start + buffer.duration;
    this.received += buffer.duration;
    this.onChunk(this.received);
    this.pending += 1;
    source.addEventListener("ended", () => {
      this.pending -= 1;
      this.checkEnd();
    });
    if (!this.started) {
      this.started = true;
      this.whenAudible(start);
    }
  }

  // onStart() once the context's clock reaches the first chunk's start
  whenAudible(start) {
    const wait = () => {
      if (this.closed) return;
      if (this.context.state === "running" && this.context.currentTime >= start) {
        this.onStart();
      } else {
        setTimeout(wait, Math.max(5, (start - this.context.currentTime) * 1000));
      }
    };
    wait();
  }

  finish() {
    this.finished = true;
    this.chain.then(() => this.checkEnd());
  }

  checkEnd() {
    if (this.finished && this.pending === 0 && !this.closed) {
      this.close();
      this.onEnd();
    }
  }

  pause() {
    this.paused = true;
    return this.context.suspend();
  }

  resume() {
    this.paused = false;
    return this.context.resume();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.context.close().catch(() => {});
  }
}
