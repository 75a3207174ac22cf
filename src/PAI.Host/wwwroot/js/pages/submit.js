// A new goal: pick a skill and fill the form its input schema generates, paste a plan, or describe it in words for the
// model planner (a free-form goal: only a title and a description; the host answers 422 with how to configure a model
// when it has none). Each form carries an Idempotency-Key, so pressing Submit twice (or a retry after a network error)
// makes one goal, not two.
import { all, api } from "../api.js";
import { h, replace } from "../dom.js";
import { registerPage } from "../registry.js";
import { schemaForm } from "../views/schema-form.js";

const EXAMPLE = {
  steps: [
    { id: "greet", tool: "echo", with: { text: "hello" } },
    { id: "save", tool: "file.write", dependsOn: ["greet"], with: { path: "out/hello.txt", content: "${steps.greet.output.text}, world" } },
  ],
};

function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${[...bytes].map(b => b.toString(16).padStart(2, "0")).join("")}`;
}

registerPage({
  route: "submit",
  title: "New goal",
  nav: { label: "New goal", order: 20 },
  async render(root, ctx) {
    const MODES = [["skill", "From a skill"], ["plan", "Paste a plan"], ["free", "Describe it"]];
    let mode = MODES.some(([m]) => m === ctx.query.get("mode")) ? ctx.query.get("mode") : "skill";
    let idempotencyKey = newKey();
    const skills = await all("/api/skills", { signal: ctx.signal });
    const names = [...new Map(skills.map(s => [s.name, s])).values()];

    const title = h("input", { id: "goal-title", type: "text", required: true, maxlength: "500", autocomplete: "off" });
    const titleError = h("span", { class: "field-error", role: "alert" });
    const skillSelect = h("select", { id: "skill-select" }, names.map(s => h("option", { value: s.name }, s.name)));
    const skillInfo = h("p", { class: "muted" });
    const formHost = h("div");
    const plan = h("textarea", { id: "plan-json", class: "mono", rows: "16", spellcheck: "false", "aria-describedby": "plan-help" });
    plan.value = JSON.stringify(EXAMPLE, null, 2);
    const description = h("textarea", { id: "goal-description", rows: "8", maxlength: "20000", placeholder: "What should PAI do? Say what you want done and what a good result looks like.", "aria-describedby": "free-help" });
    const errors = h("div", { class: "form-errors", role: "alert" });
    const submit = h("button", { type: "submit", class: "primary", id: "submit-goal" }, "Submit goal");
    let form = null;

    const modeButtons = h("div", { class: "segmented", role: "radiogroup", "aria-label": "How to describe the goal" });
    const skillPart = h("div", { class: "mode-skill" },
      h("div", { class: "field" }, h("label", { for: "skill-select" }, "Skill"), skillSelect, skillInfo),
      formHost);
    const planPart = h("div", { class: "mode-plan" },
      h("div", { class: "field" }, h("label", { for: "plan-json" }, "Plan (JSON)"), plan,
        h("span", { class: "help", id: "plan-help" }, "An object with a steps array (docs/api.md). Each step: id, tool or skill, with, dependsOn, retry, timeout, approval, agent.")));

    const freePart = h("div", { class: "mode-free" },
      h("div", { class: "field" }, h("label", { for: "goal-description" }, "What should PAI do?"), description,
        h("span", { class: "help", id: "free-help" }, "A free-form goal: the model planner turns it into steps (docs/models.md). Without a title, its first line is the title.")));

    function renderMode() {
      replace(modeButtons, MODES.map(([key, label]) =>
        h("button", { type: "button", role: "radio", "aria-checked": String(mode === key), onclick: () => {
          mode = key;
          ctx.setQuery({ mode: key === "skill" ? "" : key });
          replace(errors);
          renderMode();
        } }, label)));
      skillPart.hidden = mode !== "skill";
      planPart.hidden = mode !== "plan";
      freePart.hidden = mode !== "free";
      if (mode === "skill" && names.length === 0) replace(skillInfo, "No skills are loaded.");
    }

    function renderSkill() {
      const skill = names.find(s => s.name === skillSelect.value);
      if (!skill) return;
      replace(skillInfo, skill.description || "", skill.version ? ` (version ${skill.version})` : "");
      form = schemaForm(skill.inputSchema || {}, "skill-input");
      replace(formHost, h("fieldset", null, h("legend", null, "Inputs"), form.el));
      if (!title.value || title.dataset.auto === "1") {
        title.value = skill.name;
        title.dataset.auto = "1";
      }
    }

    function showErrors(list) {
      titleError.textContent = "";
      let rest = list;
      if (mode === "skill" && form) rest = form.showErrors(list);
      rest = rest.filter(e => {
        if (e.path === "title") {
          titleError.textContent = e.message;
          return false;
        }
        return true;
      });
      replace(errors, rest.length ? h("ul", null, rest.map(e => h("li", null, e.path ? [h("code", null, e.path), " "] : null, e.message))) : null);
    }

    function body() {
      if (mode === "free") {
        const text = description.value.trim();
        if (!text) throw new Error("say what PAI should do");
        const firstLine = text.split(/\r?\n/, 1)[0].trim();
        const own = title.dataset.auto === "1" ? "" : title.value.trim(); // not the skill name put there for the skill form
        const t = own || (firstLine.length > 100 ? `${firstLine.slice(0, 99)}…` : firstLine);
        return { title: t, description: text };
      }
      if (mode === "skill") return { title: title.value.trim(), skill: skillSelect.value, inputs: form ? form.value() : {} };
      let parsed;
      try {
        parsed = JSON.parse(plan.value);
      } catch (e) {
        throw new Error(`The plan is not valid JSON: ${e.message}`);
      }
      // A whole goal body may be pasted too ({ "title", "plan": {...} }).
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && parsed.plan) return { ...parsed, title: title.value.trim() || parsed.title };
      return { title: title.value.trim(), plan: parsed };
    }

    const formEl = h("form", { class: "card form-card", novalidate: true },
      modeButtons,
      h("div", { class: "field" }, h("label", { for: "goal-title" }, "Title ", h("span", { class: "req", title: "required" }, "*")), title, titleError),
      skillPart, planPart, freePart, errors,
      h("div", { class: "actions" }, submit, h("a", { href: "#/goals", class: "button ghost" }, "Cancel")));
    formEl.addEventListener("submit", async e => {
      e.preventDefault();
      let payload;
      try {
        payload = body();
      } catch (err) {
        showErrors([{ path: { plan: "plan", skill: "inputs", free: "description" }[mode], message: err.message }]);
        return;
      }
      if (!payload.title) {
        showErrors([{ path: "title", message: "a goal needs a title" }]);
        title.focus();
        return;
      }
      submit.disabled = true;
      try {
        const answer = await api("/api/goals", { method: "POST", body: payload, headers: { "Idempotency-Key": idempotencyKey } });
        ctx.toast(`Goal submitted: ${payload.title}`);
        ctx.go(`#/goals/${encodeURIComponent(answer.id)}`);
      } catch (err) {
        if (err.status === 409) idempotencyKey = newKey();
        // The problem's own words: for a free-form goal on a host without a model, they say how to configure one.
        const detail = err.problem.detail && !err.fieldErrors.some(f => f.message === err.problem.detail) ? [{ path: "", message: err.problem.detail }] : [];
        showErrors(err.fieldErrors.length ? [...detail, ...err.fieldErrors] : [{ path: "", message: err.message }]);
        submit.disabled = false;
      }
    });
    title.addEventListener("input", () => (title.dataset.auto = "0"));
    skillSelect.addEventListener("change", renderSkill);
    // Edits make a different body: a new key, so the host does not answer 409 for the changed request.
    formEl.addEventListener("input", () => (idempotencyKey = newKey()));

    root.append(h("div", { class: "page-head" }, h("h1", null, "New goal")), formEl);
    const wanted = ctx.query.get("skill");
    if (wanted && names.some(s => s.name === wanted)) skillSelect.value = wanted;
    renderMode();
    renderSkill();
    (mode === "free" ? description : title).focus();
  },
});
