// The console talks to the same HTTP API as everyone else; the key stays in this browser's localStorage.
const $ = id => document.getElementById(id);
// A key may also arrive in the fragment (#key=...), which browsers never send to the server.
const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
if (fromHash) { localStorage.setItem("pai.key", fromHash); history.replaceState(null, "", location.pathname); }
let key = localStorage.getItem("pai.key") || "";
let current = null, stream = null;

const api = async (path, init = {}) => {
  const res = await fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${key}` } });
  if (!res.ok) {
    const p = await res.json().catch(() => ({}));
    throw new Error(`${res.status} ${p.title || ""}: ${p.detail || ""}`);
  }
  return res.json();
};
const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

async function refreshList() {
  if (!key) { $("error").textContent = "Enter an API key."; return; }
  try {
    const status = $("status").value;
    const page = await api(`/api/goals?limit=100${status ? `&status=${status}` : ""}`);
    $("error").textContent = "";
    $("goals").innerHTML = page.items.map(g =>
      `<tr data-id="${esc(g.id)}"><td class="${esc(g.status)}">${esc(g.status)}</td><td>${esc(g.title)}</td><td>${g.stepCount}</td><td>${esc(new Date(g.updatedAt).toLocaleString())}</td></tr>`).join("");
  } catch (e) { $("error").textContent = e.message; }
}

async function showGoal(id) {
  current = id;
  $("detail").hidden = false;
  $("events").innerHTML = "";
  renderGoal(await api(`/api/goals/${encodeURIComponent(id)}`));
  follow(id);
}

function renderGoal(g) {
  $("title").textContent = g.title;
  $("goalid").textContent = g.id;
  $("gstatus").textContent = g.status;
  $("gstatus").className = g.status;
  $("gerror").textContent = g.error || "";
  $("steps").innerHTML = g.steps.map(s =>
    `<tr><td>${esc(s.id)}</td><td>${esc(s.tool)}</td><td class="${esc(s.status)}">${esc(s.status)}</td><td>${s.attempts}</td><td class="error">${esc(s.error)}</td></tr>`).join("");
}

// Server-sent events over fetch (EventSource cannot send the Authorization header).
async function follow(id) {
  if (stream) stream.abort();
  stream = new AbortController();
  try {
    const res = await fetch(`/api/goals/${encodeURIComponent(id)}/events`, { headers: { Authorization: `Bearer ${key}` }, signal: stream.signal });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
        const event = (block.match(/^event: ?(.*)$/m) || [])[1] || "message";
        const data = JSON.parse(block.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5)).join(""));
        if (event === "snapshot") { renderGoal(data); continue; }
        $("events").insertAdjacentHTML("beforeend", `<li>${esc(new Date(data.at).toLocaleTimeString())} ${esc(data.kind)} ${esc(data.stepId)} <span class="${esc(data.status)}">${esc(data.status)}</span> ${esc(data.detail)}</li>`);
        if (id === current) api(`/api/goals/${encodeURIComponent(id)}`).then(renderGoal).catch(() => {});
      }
    }
  } catch (e) { if (e.name !== "AbortError") $("error").textContent = e.message; }
}

$("keyform").addEventListener("submit", e => { e.preventDefault(); key = $("key").value.trim(); localStorage.setItem("pai.key", key); $("key").value = ""; refreshList(); });
$("status").addEventListener("change", refreshList);
$("goals").addEventListener("click", e => { const tr = e.target.closest("tr"); if (tr) showGoal(tr.dataset.id).catch(err => $("error").textContent = err.message); });
$("cancel").addEventListener("click", () => current && api(`/api/goals/${encodeURIComponent(current)}/cancel`, { method: "POST" }).then(() => showGoal(current)).catch(e => $("gerror").textContent = e.message));
refreshList();
setInterval(refreshList, 3000);
