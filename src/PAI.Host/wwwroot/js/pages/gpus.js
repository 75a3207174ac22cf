// GPUs: each device with its holder and fencing token, its queue per requester, its last hour (leased share per
// minute, hardware utilisation where probes read one) and the leases granted per requester over that hour.
import { all } from "../api.js";
import { empty, fmtDuration, fmtFull, fmtNumber, fmtTime, h, parseTimeSpan, replace, shortId } from "../dom.js";
import { registerPage } from "../registry.js";
import { sparkline } from "../views/sparkline.js";

const REFRESH_MS = 5000;

const requesterLink = r => (r.startsWith("g_") ? h("a", { href: `#/goals/${encodeURIComponent(r)}`, title: r }, shortId(r, 14)) : h("span", { title: r }, r));

function fact(label, ...value) {
  return h("div", null, h("dt", null, label), h("dd", null, ...value));
}

function device(gpu) {
  const busyHour = gpu.usage.filter(u => u.busyFraction !== null);
  const hourShare = busyHour.length ? busyHour.reduce((a, u) => a + u.busyFraction, 0) / busyHour.length : null;
  const memory = gpu.memoryTotalMiB ? `${gpu.memoryUsedMiB !== null ? `${fmtNumber(gpu.memoryUsedMiB)} / ` : ""}${fmtNumber(gpu.memoryTotalMiB)} MiB` : "—";
  const holder = gpu.holder;
  const now = Date.now();
  const state = holder
    ? h("div", { class: "holder" },
      h("span", { class: "badge status-Running" }, "Leased"), " to ", requesterLink(holder.requester),
      h("dl", { class: "facts facts-row" },
        fact("Fencing token", h("code", { class: "token" }, String(holder.fencingToken))),
        fact("Tier", holder.tier),
        holder.model ? fact("Model", holder.model) : null,
        fact("Held for", h("span", { title: fmtFull(holder.grantedAt) }, fmtDuration(now - new Date(holder.grantedAt).getTime()))),
        fact("Expires", h("span", { title: fmtFull(holder.expiresAt) }, `in ${fmtDuration(Math.max(0, new Date(holder.expiresAt).getTime() - now))}`)),
        fact("Request", h("code", { class: "small", title: holder.requestId }, shortId(holder.requestId, 28)))))
    : h("div", { class: "holder" }, h("span", { class: "badge status-Succeeded" }, "Free"));

  const queue = gpu.queue.length
    ? h("ul", { class: "queue" }, gpu.queue.map(q => h("li", null, requesterLink(q.requester), h("span", { class: "muted" }, ` ${q.queued} waiting`))))
    : h("p", { class: "muted small" }, "Nobody is waiting.");

  const maxHeld = Math.max(1, ...gpu.requesters.map(r => parseTimeSpan(r.held) || 0));
  const requesters = gpu.requesters.length
    ? h("table", { class: "list compact" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Requester"), h("th", { scope: "col", class: "num" }, "Leases"), h("th", { scope: "col" }, "Held"))),
      h("tbody", null, gpu.requesters.map(r => {
        const held = parseTimeSpan(r.held) || 0;
        const bar = h("span", { class: "share-bar" });
        bar.style.width = `${Math.max(2, (held / maxHeld) * 100)}%`;
        return h("tr", null, h("td", null, requesterLink(r.requester)), h("td", { class: "num" }, String(r.grants)), h("td", { class: "share" }, h("span", { class: "share-track" }, bar), h("span", { class: "small" }, fmtDuration(held))));
      })))
    : h("p", { class: "muted small" }, "No leases in the last hour.");

  const label = `${gpu.name || gpu.id}: leased ${hourShare === null ? "—" : `${Math.round(hourShare * 100)}%`} of the last hour, one bar per minute`;
  return h("article", { class: "card gpu", dataset: { gpu: gpu.id }, "aria-label": `GPU ${gpu.name || gpu.id}` },
    h("header", { class: "gpu-head" },
      h("div", null, h("h2", null, gpu.name || gpu.id), h("p", { class: "muted small mono" }, gpu.id, gpu.source ? ` · ${gpu.source}` : "")),
      state),
    h("dl", { class: "facts facts-row" },
      fact("Node", gpu.node || "—"),
      fact("Index", gpu.index ?? "—"),
      fact("Memory", memory),
      fact("Utilisation", gpu.utilizationPercent === null ? h("span", { class: "muted", title: "not reported (a logical device, or no probe yet)" }, "n/a") : `${gpu.utilizationPercent}%`),
      fact("Epoch", h("code", null, String(gpu.epoch))),
      fact("Leases", fmtNumber(gpu.grants)),
      fact("Expired", fmtNumber(gpu.expiries)),
      gpu.loadedModel ? fact("Loaded model", gpu.loadedModel) : null),
    h("div", { class: "gpu-grid" },
      h("section", null, h("h3", null, "Last hour ", h("span", { class: "muted small" }, hourShare === null ? "" : `${Math.round(hourShare * 100)}% leased${busyHour.length < gpu.usage.length ? ` over the ${busyHour.length} min known` : ""}`)),
        sparkline(gpu.usage, label),
        h("p", { class: "muted small spark-axis" }, h("span", null, "60 min ago"), h("span", null, "30 min"), h("span", null, "now"))),
      h("section", null, h("h3", null, "Queue ", h("span", { class: "muted small" }, `${gpu.queueLength} waiting`)), queue),
      h("section", null, h("h3", null, "Leases per requester ", h("span", { class: "muted small" }, "last hour")), requesters)));
}

registerPage({
  route: "gpus",
  title: "GPUs",
  nav: { label: "GPUs", order: 40 },
  async render(root, ctx) {
    const list = h("div", { class: "gpus" });
    const error = h("p", { class: "form-error", role: "alert" });
    const updated = h("span", { class: "muted small", "aria-live": "off" });
    root.append(h("div", { class: "page-head" }, h("h1", null, "GPUs"), updated), error, list);
    let last = "";

    async function refresh() {
      try {
        const gpus = await all("/api/gpus", { signal: ctx.signal });
        error.textContent = "";
        updated.textContent = `Updated ${fmtTime(new Date().toISOString())}`;
        const key = JSON.stringify(gpus);
        if (key === last && list.childElementCount) return;
        last = key;
        replace(list, gpus.length ? gpus.map(device) : empty("No GPUs are registered. Devices are found by NVML or nvidia-smi, or declared as Pai:Gpus:Devices (docs/gpu.md)."));
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    await refresh();
    ctx.every(REFRESH_MS, refresh);
  },
});
