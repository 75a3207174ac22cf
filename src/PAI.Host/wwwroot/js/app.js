// The console's shell: the key, the hash router, the navigation with its approvals badge, and toasts.
import { api, auth } from "./api.js";
import { h, replace } from "./dom.js";
import { navPages, pageFor } from "./registry.js";
import "./pages/index.js";

const main = document.getElementById("main");
const navList = document.getElementById("nav-list");
const keyButton = document.getElementById("key-button");
const toasts = document.getElementById("toasts");
const BADGE_MS = 10000;

let available = new Set();
let current = null;
let badgeCount = 0;

// A key may arrive in the fragment (/#key=...): browsers never send the fragment to the server. It is stored, then
// removed from the address bar and the history entry at once.
function takeKeyFromFragment() {
  const hash = location.hash.replace(/^#\/?/, "");
  if (!/^key=|&key=/.test(hash)) return;
  const key = new URLSearchParams(hash).get("key");
  if (key) auth.set(key);
  history.replaceState(null, "", `${location.pathname}${location.search}#/goals`);
}

function parseRoute() {
  const raw = location.hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  let segments;
  try {
    segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    segments = [];
  }
  return { route: segments[0] || "goals", params: segments.slice(1), query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
}

export function toast(text, kind = "info") {
  const item = h("div", { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
  toasts.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

function dispose() {
  if (!current) return;
  current.controller.abort();
  current.timers.forEach(clearInterval);
  try {
    current.cleanup?.();
  } catch (e) {
    console.warn(e);
  }
  current = null;
}

// Rebuilding the navigation (a route change, or the host's API list arriving after start-up) keeps the keyboard focus
// on the link it was on: a keyboard user tabbing through the navigation must not be thrown back to the page's start.
function renderNav(route) {
  const focused = navList.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
  const items = navPages(available).map(p => {
    const link = h("a", { href: `#/${p.route}`, "aria-current": p.route === route ? "page" : null }, p.nav.label);
    if (p.route === "approvals") link.append(" ", h("span", { id: "approvals-badge", class: "count-badge", hidden: badgeCount === 0 }, String(badgeCount)));
    return h("li", null, link);
  });
  replace(navList, items);
  updateBadge(badgeCount);
  if (focused) [...navList.querySelectorAll("a")].find(a => a.getAttribute("href") === focused)?.focus();
}

function updateBadge(count, more = false) {
  badgeCount = count;
  const badge = document.getElementById("approvals-badge");
  if (badge) {
    badge.textContent = more ? `${count}+` : String(count);
    badge.hidden = count === 0;
    badge.title = `${count}${more ? "+" : ""} step${count === 1 ? "" : "s"} waiting for approval`;
  }
  const base = document.title.replace(/^\(\d+\+?\) /, "");
  document.title = count ? `(${more ? `${count}+` : count}) ${base}` : base;
}

async function refreshBadge() {
  if (!auth.present || document.hidden) return;
  try {
    const page = await api("/api/approvals?limit=100");
    updateBadge(page.items.length, !!page.nextCursor);
  } catch {
    // The badge is a hint; the approvals page shows errors.
  }
}

function keyPrompt(message) {
  dispose();
  keyButton.hidden = true;
  replace(navList);
  document.title = "Sign in · PAI";
  const input = h("input", { id: "key-input", type: "password", autocomplete: "off", spellcheck: "false", required: true, "aria-describedby": "key-help" });
  const error = h("p", { class: "form-error", role: "alert" }, message || "");
  const form = h("form", { class: "card key-card" },
    h("h1", null, "PAI console"),
    h("label", { for: "key-input" }, "API key"),
    input,
    error,
    h("button", { class: "primary", type: "submit" }, "Use this key"),
    h("p", { id: "key-help", class: "muted" },
      "The key stays in this browser (local storage) and is sent only in the Authorization header. ",
      "You can also open this page as /#key=<your key>; the key is then removed from the address bar."));
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    auth.set(key);
    input.value = "";
    try {
      await api("/api/goals/counts");
      start();
    } catch (err) {
      auth.forget();
      error.textContent = err.status === 401 ? "That key was refused." : `PAI did not answer: ${err.message}`;
    }
  });
  replace(main, form);
  input.focus();
}

function render() {
  if (!auth.present) return keyPrompt();
  keyButton.hidden = false;
  const { route, params, query } = parseRoute();
  dispose();
  const page = pageFor(route, params);
  renderNav(route);
  const controller = new AbortController();
  const state = { controller, timers: [], cleanup: null };
  current = state;
  const ctx = {
    params,
    query,
    signal: controller.signal,
    go: hash => {
      location.hash = hash;
    },
    setQuery: values => {
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") next.set(k, v);
      const path = location.hash.replace(/^#\/?/, "").split("?")[0];
      history.replaceState(null, "", `#/${path}${next.toString() ? `?${next}` : ""}`);
    },
    every: (ms, fn) => state.timers.push(setInterval(() => !document.hidden && fn(), ms)),
    toast,
    approvalsChanged: refreshBadge,
  };
  main.replaceChildren();
  if (!page) {
    document.title = "Not found · PAI";
    main.append(h("h1", null, "Not found"), h("p", null, "No such page. ", h("a", { href: "#/goals" }, "Go to goals")));
    return;
  }
  document.title = `${page.title} · PAI`;
  updateBadge(badgeCount);
  Promise.resolve()
    .then(() => page.render(main, ctx))
    .then(cleanup => {
      if (current === state) state.cleanup = typeof cleanup === "function" ? cleanup : null;
      else if (typeof cleanup === "function") cleanup();
    })
    .catch(err => {
      if (err.name === "AbortError") return;
      main.append(h("p", { class: "form-error", role: "alert" }, err.message));
    });
}

let started = false;

// Pages that need an API this host may not serve (registerPage's `requires`) join the navigation once the host's
// OpenAPI document says it does; everything else renders at once.
async function loadAvailable() {
  try {
    const doc = await api("/openapi/v1.json");
    available = new Set(Object.keys(doc.paths || {}));
    if (current) renderNav(parseRoute().route);
  } catch {
    // The pages without `requires` are all there is.
  }
}

function start() {
  render();
  refreshBadge();
  loadAvailable();
  if (!started) {
    started = true;
    setInterval(refreshBadge, BADGE_MS);
  }
}

// A key pasted into the address bar of an open console (/#key=...) arrives as a hash change.
window.addEventListener("hashchange", () => {
  const hadKey = auth.present;
  takeKeyFromFragment();
  if (!auth.present) return keyPrompt();
  if (!hadKey || !started) start();
  else render();
});

keyButton.addEventListener("click", () => {
  auth.forget();
  keyPrompt("The key was removed from this browser.");
});
window.addEventListener("pai:unauthorized", () => keyPrompt("The key was refused. Paste a valid one."));
document.addEventListener("visibilitychange", () => !document.hidden && refreshBadge());

takeKeyFromFragment();
if (auth.present) start();
else keyPrompt();
