// The Record button of <blocks-multimodal_textbox> (sources including "microphone"):
// records with blocks-media's recorder (MediaRecorder), converts the recording to a
// 16-bit WAV file in the page, and attaches it to the message. The server offers the
// source only when blocks-media is installed, so its module is there to import.

export class Microphone {
  constructor(box) {
    this.box = box;
    this.recorder = null;
  }

  get recording() {
    return !!(this.recorder && this.recorder.active);
  }

  async toggle() {
    if (this.recording) return this.stop();
    const box = this.box;
    box.alert.textContent = "";
    try {
      const { Recorder, recordingAvailable } = await import("../blocks_media/recorder.js");
      if (!recordingAvailable()) throw new Error("this browser cannot record (a secure https page is needed)");
      this.recorder = new Recorder({ audio: true, video: false });
      await this.recorder.start();
    } catch (error) {
      this.recorder = null;
      box.alert.textContent = `Cannot record: ${error.message || error}`;
      return;
    }
    this.show(true);
    box.status.textContent = "Recording\u2026";
  }

  async stop() {
    const box = this.box;
    const recorded = await this.recorder.stop();
    this.recorder = null;
    this.show(false);
    box.status.textContent = "";
    if (!recorded || !recorded.size) {
      box.alert.textContent = "The recording is empty.";
      return;
    }
    try {
      const { toWav } = await import("../blocks_media/recorder.js");
      await box.addFiles([await toWav(recorded)], true);
    } catch (error) {
      box.alert.textContent = `Cannot use the recording: ${error.message || error}`;
    }
  }

  show(on) {
    const button = this.box.mic;
    button.setAttribute("aria-pressed", String(on));
    button.setAttribute("aria-label", on ? "Stop recording" : "Record audio");
    button.title = on ? "Stop recording" : "Record audio";
    button.classList.toggle("recording", on);
  }
}
