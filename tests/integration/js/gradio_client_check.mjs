// Gradio's JavaScript client (@gradio/client from npm, unchanged) against a Blocks app.
// Usage: node gradio_client_check.mjs URL   (run by tests/integration/test_gradio_js_client.py)
// Prints one JSON line with what the client got.
import { Client } from "@gradio/client";

const app = await Client.connect(process.argv[2]);
const result = { predict: (await app.predict("/greet", { name: "Ann" })).data };

const outputs = [];
for await (const message of app.submit("/spell", { word: "abc" })) {
  if (message.type === "data") outputs.push(message.data[0]);
  if (message.type === "status" && message.stage === "complete") break;
}
result.spell = outputs;

try {
  await app.predict("/refuse", { text: "way" });
  result.error = null;
} catch (error) {
  result.error = error.message;
}
result.endpoints = Object.keys((await app.view_api()).named_endpoints).sort();
console.log(JSON.stringify(result));
process.exit(0);
