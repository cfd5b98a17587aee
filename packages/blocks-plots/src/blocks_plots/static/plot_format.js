// Formatting of plot labels: the d3 number formats (".2f", "~s", ",d", ".0%") and d3
// time formats ("%Y-%m-%d %H:%M") that Gradio's `x_axis_format` / `y_axis_format` take,
// and the default formats of values in tooltips and the data table.

const SPEC = /^(?:(.)?([<>=^]))?([+\-( ])?([$#])?(0)?(\d+)?(,)?(\.\d+)?(~)?([a-z%])?$/i;
const SI = ["y", "z", "a", "f", "p", "n", "\u00b5", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y"];

function group(integer) {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function trim(text) {
  // "1.500" -> "1.5", "2.000e+3" -> "2e+3"
  return text.replace(/(\.\d*?)0+(?=$|e)/, "$1").replace(/\.(?=$|e)/, "");
}

function body(value, type, precision) {
  const p = precision;
  switch (type) {
    case "e": return value.toExponential(p ?? 6);
    case "f": return value.toFixed(p ?? 6);
    case "%": return (value * 100).toFixed(p ?? 6);
    case "d": return Math.round(value).toString();
    case "r": return Number(value.toPrecision(p || 12)).toString();
    case "g": return value.toPrecision(p || 6);
    case "x": return Math.round(value).toString(16);
    case "X": return Math.round(value).toString(16).toUpperCase();
    case "o": return Math.round(value).toString(8);
    case "b": return Math.round(value).toString(2);
    case "s": {
      if (value === 0) return (0).toPrecision(p || 6);
      const exponent = Math.max(-8, Math.min(8, Math.floor(Math.log10(Math.abs(value)) / 3)));
      return (value / 10 ** (exponent * 3)).toPrecision(p || 6) + SI[exponent + 8];
    }
    default: return Number(value.toPrecision(p || 12)).toString();
  }
}

// A function formatting numbers with a d3-format specifier (a subset: fill, align, sign,
// "$", zero padding, width, grouping, precision, "~", and the types e f g r s % d x o b).
export function numberFormat(specifier) {
  const match = SPEC.exec(specifier || "");
  if (!match) return (value) => String(value);
  const [, fill = " ", align = ">", sign = "-", symbol, zero, width, comma, precisionText,
         tilde, type = ""] = match;
  const precision = precisionText ? Number(precisionText.slice(1)) : undefined;
  return (value) => {
    if (value === null || value === undefined || Number.isNaN(value)) return "";
    const negative = value < 0 || Object.is(value, -0);
    let text = body(Math.abs(value), type, precision);
    let suffix = "";
    if (type === "s") {
      const unit = /[^\d.e+-]+$/.exec(text);
      if (unit) { suffix = unit[0]; text = text.slice(0, -suffix.length); }
    }
    if (tilde || type === "" || type === "r") text = trim(text);
    if (comma) {
      const [integer, ...rest] = text.split(".");
      text = [group(integer), ...rest].join(".");
    }
    if (type === "%") suffix = "%";
    const prefix = symbol === "$" ? "$" : "";
    let signText = negative ? (sign === "(" ? "(" : "-") : sign === "+" ? "+" : sign === " " ? " " : "";
    const close = negative && sign === "(" ? ")" : "";
    let out = prefix + text + suffix;
    const size = width ? Number(width) : 0;
    if (zero && size) {
      out = out.padStart(size - signText.length - close.length, "0");
      return signText + out + close;
    }
    out = signText + out + close;
    signText = "";
    if (size > out.length) {
      const pad = fill.repeat(size - out.length);
      if (align === "<") return out + pad;
      if (align === "^") {
        const half = Math.floor(pad.length / 2);
        return pad.slice(0, half) + out + pad.slice(half);
      }
      return pad + out;
    }
    return out;
  };
}

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const two = (n) => String(n).padStart(2, "0");

// A function formatting times (seconds since the epoch) with a d3 time format, in the
// browser's time zone: %Y %y %m %d %e %H %I %M %S %L %p %a %A %b %B %j %Z %%.
export function timeFormat(specifier) {
  return (seconds) => {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "";
    const d = new Date(seconds * 1000);
    return specifier.replace(/%([a-zA-Z%])/g, (all, code) => {
      switch (code) {
        case "Y": return String(d.getFullYear());
        case "y": return two(d.getFullYear() % 100);
        case "m": return two(d.getMonth() + 1);
        case "d": return two(d.getDate());
        case "e": return String(d.getDate()).padStart(2, " ");
        case "H": return two(d.getHours());
        case "I": return two(d.getHours() % 12 || 12);
        case "M": return two(d.getMinutes());
        case "S": return two(d.getSeconds());
        case "L": return String(d.getMilliseconds()).padStart(3, "0");
        case "p": return d.getHours() < 12 ? "AM" : "PM";
        case "a": return DAYS[d.getDay()].slice(0, 3);
        case "A": return DAYS[d.getDay()];
        case "b": return MONTHS[d.getMonth()].slice(0, 3);
        case "B": return MONTHS[d.getMonth()];
        case "j": {
          const start = new Date(d.getFullYear(), 0, 1);
          return String(Math.floor((d - start) / 864e5) + 1).padStart(3, "0");
        }
        case "Z": {
          const offset = -d.getTimezoneOffset();
          return `${offset < 0 ? "-" : "+"}${two(Math.floor(Math.abs(offset) / 60))}${two(Math.abs(offset) % 60)}`;
        }
        case "%": return "%";
        default: return all;
      }
    });
  };
}

export const fullTime = timeFormat("%Y-%m-%d %H:%M:%S");

// A readable number for tooltips and tables: integers grouped, others with at most 4
// decimals (more significant digits for small values).
export function plainNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "";
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  const magnitude = Math.abs(value);
  const digits = magnitude >= 1 ? 4 : Math.min(10, 3 - Math.floor(Math.log10(magnitude || 1)));
  return Number(value.toFixed(digits)).toLocaleString("en-US", { maximumFractionDigits: digits });
}
