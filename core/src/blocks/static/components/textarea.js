import { define } from "../base.js";
import TextboxElement from "./textbox.js";

// gr.TextArea: a gr.Textbox whose `lines` and `max_lines` default to 7 and 20.
export default define("blocks-textarea", class extends TextboxElement {});
