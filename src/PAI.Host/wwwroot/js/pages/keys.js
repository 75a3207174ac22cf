// API keys (admin keys only): every key with its principal, role, scopes and when it was last used; create one, rotate
// one, revoke one. A new secret is shown once, in the page only, with a Copy button; it is never stored by the console.
// Shown when the host serves /api/keys (registerPage's `requires`); other roles get the host's 403, said plainly.
import { api, seg, withQuery } from "../api.js";
import { confirmButton } from "../actions.js";
import { empty, fmtAgo, fmtFull, fmtTime, h, replace } from "../dom.js";
import { registerPage } from "../registry.js";

const ROLES = [
  ["user", "user: its own goals"],
  ["operator", "operator: every goal, may approve"],
  ["read-only", "read-only: looks, never changes"],
  ["admin", "admin: everything, keys included"],
];

registerPage({
  route: "keys",
  title: "API keys",
  nav: { label: "Keys", order: 60 },
  requires: "/api/keys",
  async render(root, ctx) {
    const tbody = h("tbody");
    const error = h("p", { class: "form-error", role: "alert" });
    const secret = h("div", { class: "key-secret", "aria-live": "polite" });
    const showRevoked = h("input", { id: "keys-revoked", type: "checkbox", checked: ctx.query.get("revoked") === "1" });

    const principal = h("input", { id: "key-principal", type: "text", required: true, maxlength: "100", autocomplete: "off", placeholder: "e.g. anna or ci-runner" });
    const role = h("select", { id: "key-role" }, ROLES.map(([v, label]) => h("option", { value: v }, label)));
    const scopes = h("input", { id: "key-scopes", type: "text", autocomplete: "off", placeholder: "tool:echo, skill:write-note (empty: any)" });
    const createError = h("p", { class: "form-error", role: "alert" });
    const form = h("form", { class: "card key-create", "aria-label": "Create a key" },
      h("h2", null, "New key"),
      h("div", { class: "key-fields" },
        h("div", { class: "field" }, h("label", { for: "key-principal" }, "Principal"), principal),
        h("div", { class: "field" }, h("label", { for: "key-role" }, "Role"), role),
        h("div", { class: "field" }, h("label", { for: "key-scopes" }, "Scopes"), scopes)),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "key-create" }, "Create key")),
      createError);

    root.append(
      h("div", { class: "page-head" }, h("h1", null, "API keys"),
        h("label", { class: "inline-check" }, showRevoked, " Show revoked")),
      secret, error,
      h("div", { class: "card table-card" }, h("table", { class: "list keys-table" },
        h("thead", null, h("tr", null, ["Key", "Principal", "Role", "Scopes", "Created", "Last used", ""].map((t, i) =>
          h("th", { scope: "col", class: i === 3 || i === 4 ? "wide-only" : null }, t)))),
        tbody)),
      form);

    /** Shows a secret once: it is in this element only until the person leaves the page or dismisses it. */
    function reveal(created, what) {
      const value = h("code", { class: "mono key-value", id: "key-secret-value" }, created.key);
      const copy = h("button", { type: "button", class: "ghost small", onclick: async () => {
        try {
          await navigator.clipboard.writeText(created.key);
          ctx.toast("Copied.");
        } catch {
          ctx.toast("Select the key and copy it.", "error");
        }
      } }, "Copy");
      replace(secret, h("div", { class: "alert alert-ok" },
        h("p", null, h("strong", null, `${what} for ${created.principal} (${created.role}).`), " Copy it now: it is shown once and the host keeps only its hash."),
        h("div", { class: "key-secret-row" }, value, copy,
          h("button", { type: "button", class: "ghost small", onclick: () => replace(secret) }, "Done"))));
    }

    function row(k) {
      const actions = h("div", { class: "row-actions" });
      if (!k.revokedAt) {
        const rotate = h("button", { type: "button", class: "ghost small", dataset: { action: "rotate" } });
        confirmButton(rotate, "Rotate", "Confirm rotate", async () => {
          try {
            reveal(await api(`/api/keys/${seg(k.id)}/rotate`, { method: "POST" }), "New key");
            await load();
          } catch (e) {
            ctx.toast(e.message, "error");
          }
        });
        const revoke = h("button", { type: "button", class: "danger ghost small", dataset: { action: "revoke" } });
        confirmButton(revoke, "Revoke", "Confirm revoke", async () => {
          try {
            await api(`/api/keys/${seg(k.id)}`, { method: "DELETE" });
            ctx.toast(`Revoked ${k.prefix || k.id}.`);
            await load();
          } catch (e) {
            ctx.toast(e.message, "error");
          }
        });
        actions.append(rotate, revoke);
      }
      return h("tr", { class: k.revokedAt ? "revoked" : null, dataset: { id: k.id } },
        h("td", null, h("code", { title: k.id }, k.prefix ? `${k.prefix}…` : "PAI_API_KEY"),
          k.revokedAt ? h("span", { class: "badge status-Cancelled", title: fmtFull(k.revokedAt) }, "revoked") : null),
        h("td", { class: "title-cell" }, h("span", { class: "mono" }, k.principal)),
        h("td", null, h("span", { class: `badge role-${k.role}` }, k.role)),
        h("td", { class: "wide-only" }, k.scopes?.length ? k.scopes.map(sc => h("code", { class: "scope" }, sc)) : h("span", { class: "muted" }, "any")),
        h("td", { class: "wide-only", title: fmtFull(k.createdAt) }, fmtTime(k.createdAt)),
        h("td", { title: fmtFull(k.lastUsedAt) }, k.lastUsedAt ? fmtAgo(k.lastUsedAt) : h("span", { class: "muted" }, "never")),
        h("td", null, actions));
    }

    async function load() {
      try {
        const items = [];
        let cursor = null;
        do {
          const page = await api(withQuery("/api/keys", { limit: 500, cursor }), { signal: ctx.signal });
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && items.length < 5000);
        error.textContent = "";
        const shown = showRevoked.checked ? items : items.filter(k => !k.revokedAt);
        replace(tbody, shown.length ? shown.map(row) : h("tr", null, h("td", { colspan: "7" }, empty("No keys."))));
      } catch (e) {
        if (e.name === "AbortError") return;
        error.textContent = e.status === 403 ? "Only admin keys can see and manage keys." : e.message;
        replace(tbody);
      }
    }

    showRevoked.addEventListener("change", () => {
      ctx.setQuery({ revoked: showRevoked.checked ? "1" : "" });
      load();
    });
    form.addEventListener("submit", async e => {
      e.preventDefault();
      const body = { principal: principal.value.trim(), role: role.value };
      const list = scopes.value.split(",").map(x => x.trim()).filter(Boolean);
      if (list.length) body.scopes = list;
      try {
        const created = await api("/api/keys", { method: "POST", body });
        createError.textContent = "";
        principal.value = "";
        scopes.value = "";
        reveal(created, "Key created");
        await load();
      } catch (err) {
        createError.textContent = err.fieldErrors?.length ? err.fieldErrors.map(f => `${f.path}: ${f.message}`).join("; ") : err.message;
      }
    });

    await load();
  },
});
