import { define } from "../base.js";
import ButtonElement from "./button.js";

// gr.DuplicateButton: a gr.Button; on a Hugging Face Space its link duplicates the Space.
export default define("blocks-duplicatebutton", class extends ButtonElement {});
