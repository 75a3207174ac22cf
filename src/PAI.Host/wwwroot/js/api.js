// The console talks to the same HTTP API as every other client (docs/api.md). The API key lives in this browser's
// localStorage only: it is sent in the Authorization header, never in a URL, and never written into the page.

const STORAGE_KEY = "pai.key";

export const auth = {
  get key() {
    return localStorage.getItem(STORAGE_KEY) || "";
  },
  get present() {
    return !!localStorage.getItem(STORAGE_KEY);
  },
  set(key) {
    localStorage.setItem(STORAGE_KEY, key.trim());
  },
  forget() {
    localStorage.removeItem(STORAGE_KEY);
  },
};

/** An answer other than 2xx: `status`, and the problem details object PAI answers errors with. */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = problem?.detail || problem?.title || "";
    super(`${status} ${problem?.title || "Error"}${detail && detail !== problem?.title ? `: ${detail}` : ""}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The `errors` array of a 400/422 problem: `[{ path, message }]`. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** A path with its query: api.path("/api/goals", { status: "Running", cursor: null }) drops empty values. */
export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Segment of a path, escaped. */
export const seg = value => encodeURIComponent(value);

function headers(extra) {
  return { Accept: "application/json", Authorization: `Bearer ${auth.key}`, ...(extra || {}) };
}

/** Calls the API; resolves to the JSON answer (null for an empty body); rejects with ApiError. */
export async function api(path, { method = "GET", body, headers: extra, signal } = {}) {
  const init = { method, headers: headers(extra), signal, cache: "no-store" };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { title: "Unreadable answer", detail: text.slice(0, 200) };
    }
  }
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new CustomEvent("pai:unauthorized"));
    throw new ApiError(res.status, json);
  }
  return json;
}

/** Calls the API for a text answer (a note's markdown): resolves to the text; rejects with ApiError. */
export async function apiText(path, { accept = "text/markdown", signal } = {}) {
  const res = await fetch(path, { headers: headers({ Accept: `${accept}, application/problem+json` }), signal, cache: "no-store" });
  const text = await res.text();
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new CustomEvent("pai:unauthorized"));
    let problem = null;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = { title: "Error", detail: text.slice(0, 200) };
    }
    throw new ApiError(res.status, problem);
  }
  return text;
}

/** Every item of a paged list, following nextCursor (at most `max` items). */
export async function all(path, { max = 5000, limit = 500, signal } = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(`${path}${path.includes("?") ? "&" : "?"}${withQuery("", { limit, cursor }).slice(1)}`, { signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/**
 * Follows a server-sent event stream over fetch (EventSource cannot send the Authorization header). Calls
 * onEvent({ event, data, id }) per event with `data` parsed as JSON; resolves when the server ends the stream.
 */
export async function stream(path, { signal, onEvent }) {
  const res = await fetch(path, { headers: { ...headers(), Accept: "text/event-stream" }, signal, cache: "no-store" });
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      problem = null;
    }
    throw new ApiError(res.status, problem);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = { event: "message", data: [], id: null };
  const dispatch = () => {
    if (event.data.length) {
      let data = event.data.join("\n");
      try {
        data = JSON.parse(data);
      } catch {
        // Not JSON: hand the text over as it is.
      }
      onEvent({ event: event.event, data, id: event.id });
    }
    event = { event: "message", data: [], id: null };
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      if (buffer[nl] === "\r" && nl === buffer.length - 1) break; // its "\n" may be in the next chunk
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer[nl] === "\r" && buffer[nl + 1] === "\n" ? 2 : 1));
      if (line === "") {
        dispatch();
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.event = val;
      else if (field === "data") event.data.push(val);
      else if (field === "id") event.id = val;
    }
  }
  dispatch();
}
