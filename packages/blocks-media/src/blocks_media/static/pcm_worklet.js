// An AudioWorklet processor that hands the microphone's samples (first channel, as
// Float32Array blocks) to the page: stream_source.js collects them into WAV chunks.
class PcmTap extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) this.port.postMessage(channel.slice(0));
    return true;
  }
}

registerProcessor("blocks-pcm-tap", PcmTap);
