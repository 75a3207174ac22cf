// Small DOM helpers. Every piece of text from the API goes in through text nodes or attributes set one by one,
// never through innerHTML, so nothing PAI stores (titles, outputs, errors) can become markup.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (name === "text") el.textContent = String(value);
    else if (name === "style") Object.assign(el.style, value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "value" && "value" in el) el.value = value;
    else if (name === "checked" || name === "disabled" || name === "selected" || name === "hidden") el[name] = !!value;
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h("a", { href: "#/x", class: "link" }, "text", otherNode). */
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

/** An SVG element. */
export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const STATUS_LABELS = {
  WaitingForApproval: "Waiting for approval",
};

/** A status as people read it. */
export const statusLabel = status => STATUS_LABELS[status] || status || "";

/** A coloured badge for a goal or step status. */
export const statusBadge = status => h("span", { class: `badge status-${status}` }, statusLabel(status));

const pad = n => String(n).padStart(2, "0");

/** A time: "14:58:49" today, "Dec 1 14:58" otherwise. */
export function fmtTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const now = new Date();
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === now.toDateString()) return time;
  return `${d.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${time}`;
}

/** A full local date and time, for tooltips. */
export const fmtFull = iso => (iso ? new Date(iso).toLocaleString() : "");

/** A duration in milliseconds: "850 ms", "12.3 s", "4 m 05 s", "2 h 03 m". */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "";
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const sec = ms / 1000;
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 1 : 0)} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} m ${pad(Math.floor(sec % 60))} s`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h ${pad(min % 60)} m`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "3 m ago" from an ISO time. */
export function fmtAgo(iso, now = Date.now()) {
  if (!iso) return "";
  const ms = now - new Date(iso).getTime();
  return ms < 5000 ? "just now" : `${fmtDuration(ms).replace(/ \d+ (s|m)$/, "")} ago`;
}

/** Milliseconds in a .NET TimeSpan as JSON writes it: "hh:mm:ss[.fffffff]" or "d.hh:mm:ss[.fffffff]". */
export function parseTimeSpan(text) {
  if (typeof text !== "string") return null;
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text);
  if (!m) return null;
  const [, neg, d, hh, mm, ss, frac] = m;
  const ms = ((Number(d || 0) * 24 + Number(hh)) * 60 + Number(mm)) * 60000 + Number(ss) * 1000 + Number(`0.${frac || 0}`) * 1000;
  return neg ? -ms : ms;
}

/** Milliseconds between two ISO times (the second defaults to now). */
export const between = (from, to) => (from ? (to ? new Date(to) : new Date()).getTime() - new Date(from).getTime() : null);

/** A number with thousands separators. */
export const fmtNumber = n => (n === null || n === undefined ? "" : Number(n).toLocaleString());

/** An empty-state line. */
export const empty = text => h("p", { class: "empty" }, text);

/** A shortened id for narrow places (full one in the title attribute). */
export const shortId = (id, keep = 12) => (id && id.length > keep + 1 ? `${id.slice(0, keep)}…` : id || "");

/** Runs fn at most once per `ms`, trailing. */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
