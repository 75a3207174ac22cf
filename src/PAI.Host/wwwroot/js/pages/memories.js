// Memories: search the caller's memories (hybrid, vector or keyword), read one in full, remember a new one, forget
// one. Shown only when the host serves /api/memories (registerPage's `requires`).
import { api, seg } from "../api.js";
import { confirmButton } from "../actions.js";
import { empty, fmtFull, fmtTime, h, replace } from "../dom.js";
import { registerPage } from "../registry.js";
import { jsonView } from "../views/json-view.js";

const MODES = [["hybrid", "Hybrid"], ["vector", "Meaning"], ["keyword", "Keywords"]];

registerPage({
  route: "memories",
  title: "Memories",
  nav: { label: "Memories", order: 45 },
  requires: "/api/memories/search",
  async render(root, ctx) {
    const query = h("input", { id: "memory-query", type: "search", placeholder: "What do you want to recall?", maxlength: "4000", value: ctx.query.get("q") || "", "aria-label": "Search memories" });
    const mode = h("select", { id: "memory-mode", "aria-label": "How to match" }, MODES.map(([v, label]) => h("option", { value: v }, label)));
    mode.value = MODES.some(([v]) => v === ctx.query.get("mode")) ? ctx.query.get("mode") : "hybrid";
    const scope = {
      project: h("input", { id: "memory-project", type: "text", placeholder: "any project", value: ctx.query.get("project") || "", autocomplete: "off" }),
      agent: h("input", { id: "memory-agent", type: "text", placeholder: "any agent", value: ctx.query.get("agent") || "", autocomplete: "off" }),
    };
    const results = h("div", { class: "memory-results", "aria-live": "polite" });
    const detail = h("aside", { class: "step-panel card memory-detail", "aria-label": "Memory" });
    const error = h("p", { class: "form-error", role: "alert" });

    const searchForm = h("form", { class: "card memory-search", role: "search" },
      h("div", { class: "memory-search-row" }, query, mode, h("button", { type: "submit", class: "primary" }, "Search")),
      h("div", { class: "memory-scope" },
        h("label", { for: "memory-project" }, "Project"), scope.project,
        h("label", { for: "memory-agent" }, "Agent"), scope.agent));

    const text = h("textarea", { id: "memory-text", rows: "3", maxlength: "8000", placeholder: "Something worth remembering" });
    const project = h("input", { id: "memory-new-project", type: "text", placeholder: "project (optional)", autocomplete: "off" });
    const rememberError = h("p", { class: "form-error", role: "alert" });
    const rememberForm = h("form", { class: "card memory-remember" },
      h("h2", null, "Remember"), h("label", { for: "memory-text", class: "visually-hidden" }, "Text"), text,
      h("div", { class: "actions" }, h("label", { for: "memory-new-project", class: "visually-hidden" }, "Project"), project,
        h("button", { type: "submit", class: "primary", id: "memory-remember" }, "Remember")),
      rememberError);

    root.append(h("div", { class: "page-head" }, h("h1", null, "Memories")), searchForm, error,
      h("div", { class: "goal-body" }, h("div", null, results, rememberForm), detail));
    replace(detail, h("div", { class: "step-detail" }, h("h2", null, "Memory"), h("p", { class: "muted" }, "Search, then choose a result to read it in full.")));

    async function search() {
      const q = query.value.trim();
      ctx.setQuery({ q, mode: mode.value === "hybrid" ? "" : mode.value, project: scope.project.value.trim(), agent: scope.agent.value.trim() });
      if (!q) {
        replace(results, empty("Type what you want to recall."));
        return;
      }
      const body = { query: q, k: 20, mode: mode.value };
      const s = { project: scope.project.value.trim(), agent: scope.agent.value.trim() };
      if (s.project || s.agent) body.scope = Object.fromEntries(Object.entries(s).filter(([, v]) => v));
      try {
        const answer = await api("/api/memories/search", { method: "POST", body, signal: ctx.signal });
        error.textContent = "";
        const top = Math.max(...answer.items.map(i => i.score), 1e-9);
        replace(results, answer.items.length
          ? h("ol", { class: "memory-list" }, answer.items.map(hit => {
            const bar = h("span", { class: "share-bar" });
            bar.style.width = `${Math.max(4, (hit.score / top) * 100)}%`;
            return h("li", { class: "card memory-hit", dataset: { id: hit.id } },
              h("button", { type: "button", class: "memory-open", onclick: () => open(hit.id) }, h("span", { class: "memory-text" }, hit.text)),
              h("div", { class: "memory-meta muted small" },
                h("time", { datetime: hit.occurredAt, title: fmtFull(hit.occurredAt) }, fmtTime(hit.occurredAt)),
                h("span", { class: "share-track", title: `score ${hit.score}` }, bar)));
          }))
          : empty("Nothing matches."));
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    async function open(id) {
      try {
        const m = await api(`/api/memories/${seg(id)}`, { signal: ctx.signal });
        const forget = h("button", { type: "button", class: "danger ghost", id: "memory-forget" });
        confirmButton(forget, "Forget", "Confirm forget", async () => {
          await api(`/api/memories/${seg(id)}`, { method: "DELETE" });
          ctx.toast("Forgotten.");
          replace(detail, h("div", { class: "step-detail" }, h("h2", null, "Memory"), h("p", { class: "muted" }, "Forgotten.")));
          search();
        });
        const fact = (label, ...value) => [h("dt", null, label), h("dd", null, ...value)];
        replace(detail, h("div", { class: "step-detail" },
          h("div", { class: "panel-head" }, h("h2", null, "Memory"), forget),
          h("p", { class: "memory-full" }, m.text),
          h("dl", { class: "facts" },
            fact("Happened", h("span", { title: fmtFull(m.occurredAt) }, fmtTime(m.occurredAt))),
            fact("Recorded", h("span", { title: fmtFull(m.recordedAt) }, fmtTime(m.recordedAt))),
            fact("Project", m.scope.project || h("span", { class: "muted" }, "—")),
            fact("Agent", m.scope.agent || h("span", { class: "muted" }, "—")),
            fact("Goal", m.scope.goal ? h("a", { href: `#/goals/${encodeURIComponent(m.scope.goal)}` }, m.scope.goal) : h("span", { class: "muted" }, "—")),
            fact("Embedding", `${m.model} (${m.dimensions} dimensions)`),
            fact("Id", h("code", null, m.id))),
          h("h3", null, "Metadata"), m.metadata ? jsonView(m.metadata) : h("p", { class: "muted" }, "None.")));
      } catch (e) {
        if (e.name !== "AbortError") ctx.toast(e.message, "error");
      }
    }

    searchForm.addEventListener("submit", e => {
      e.preventDefault();
      search();
    });
    rememberForm.addEventListener("submit", async e => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      const item = { text: value };
      if (project.value.trim()) item.scope = { project: project.value.trim() };
      try {
        await api("/api/memories", { method: "POST", body: { items: [item] } });
        text.value = "";
        rememberError.textContent = "";
        ctx.toast("Remembered.");
        if (query.value.trim()) search();
      } catch (err) {
        rememberError.textContent = err.fieldErrors.length ? err.fieldErrors.map(f => `${f.path}: ${f.message}`).join("; ") : err.message;
      }
    });

    await search();
    query.focus();
  },
});
