// A form generated from a skill's input schema (JSON Schema): strings, numbers, booleans, enums, arrays of strings
// (one per line), and anything else as JSON. The host validates the inputs against the same schema; this form only
// makes the usual cases easy and maps the host's 422 errors (path "inputs.name") back to their fields.
import { h } from "../dom.js";

const LONG_TEXT = /^(body|content|text|prompt|note|markdown|description|message)$/i;

const typeOf = schema => (Array.isArray(schema?.type) ? schema.type.find(t => t !== "null") : schema?.type);

function fieldFor(name, schema, required, id) {
  const type = typeOf(schema);
  const common = { id, name, "aria-describedby": `${id}-help` };
  if (Array.isArray(schema?.enum)) {
    const select = h("select", common, required ? null : h("option", { value: "" }, "—"), schema.enum.map(v => h("option", { value: JSON.stringify(v) }, String(v))));
    if (schema.default !== undefined) select.value = JSON.stringify(schema.default);
    return { input: select, read: () => (select.value === "" ? undefined : JSON.parse(select.value)) };
  }
  if (type === "boolean") {
    const box = h("input", { ...common, type: "checkbox", checked: schema?.default === true });
    return { input: box, read: () => box.checked, inline: true };
  }
  if (type === "integer" || type === "number") {
    const num = h("input", { ...common, type: "number", step: type === "integer" ? "1" : "any", value: schema?.default ?? "", required });
    if (schema?.minimum !== undefined) num.min = schema.minimum;
    if (schema?.maximum !== undefined) num.max = schema.maximum;
    return { input: num, read: () => (num.value === "" ? undefined : Number(num.value)) };
  }
  if (type === "array" && typeOf(schema.items) === "string") {
    const area = h("textarea", { ...common, rows: "3", placeholder: "one per line", required });
    if (Array.isArray(schema.default)) area.value = schema.default.join("\n");
    return { input: area, read: () => { const lines = area.value.split("\n").map(l => l.trim()).filter(Boolean); return lines.length ? lines : undefined; } };
  }
  if (type === "string" || type === undefined && schema && !schema.properties && !schema.items) {
    const long = LONG_TEXT.test(name) || (schema?.maxLength ?? 0) > 200 || schema?.format === "textarea";
    const input = long
      ? h("textarea", { ...common, rows: "5", required })
      : h("input", { ...common, type: schema?.format === "uri" ? "url" : "text", required, autocomplete: "off", spellcheck: "false" });
    if (schema?.default !== undefined) input.value = String(schema.default);
    if (schema?.maxLength) input.maxLength = schema.maxLength;
    return { input, read: () => (input.value === "" ? undefined : input.value) };
  }
  const json = h("textarea", { ...common, rows: "4", class: "mono", placeholder: "JSON", spellcheck: "false" });
  if (schema?.default !== undefined) json.value = JSON.stringify(schema.default, null, 2);
  return {
    input: json,
    read: () => {
      if (json.value.trim() === "") return undefined;
      try {
        return JSON.parse(json.value);
      } catch {
        throw new Error(`${name}: not valid JSON`);
      }
    },
  };
}

function helpText(schema) {
  const parts = [];
  if (schema?.description) parts.push(schema.description);
  if (schema?.pattern) parts.push(`must match ${schema.pattern}`);
  if (typeOf(schema) === "array" && schema.minItems) parts.push(`at least ${schema.minItems}`);
  return parts.join(" · ");
}

/** The form for `schema`; value() returns the inputs object (throws on unreadable JSON); showErrors maps 422 errors. */
export function schemaForm(schema, idPrefix = "input") {
  const properties = schema?.properties || {};
  const required = new Set(schema?.required || []);
  const fields = new Map();
  const el = h("div", { class: "schema-form" });
  const names = Object.keys(properties);
  if (names.length === 0) el.append(h("p", { class: "muted" }, "This skill takes no inputs."));
  for (const name of names) {
    const id = `${idPrefix}-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    const prop = properties[name];
    const f = fieldFor(name, prop, required.has(name), id);
    const error = h("span", { class: "field-error", id: `${id}-error`, role: "alert" });
    const label = h("label", { for: id }, name, required.has(name) ? h("span", { class: "req", title: "required" }, " *") : null);
    el.append(h("div", { class: `field${f.inline ? " inline" : ""}` }, f.inline ? [f.input, label] : [label, f.input], h("span", { class: "help", id: `${id}-help` }, helpText(prop)), error));
    fields.set(name, { ...f, error });
  }
  return {
    el,
    value() {
      const out = {};
      for (const [name, f] of fields) {
        const v = f.read();
        if (v !== undefined) out[name] = v;
      }
      return out;
    },
    /** Shows errors whose path is inputs.<name> or inputs['name'] beside their field; returns the ones it could not place. */
    showErrors(errors) {
      for (const f of fields.values()) {
        f.error.textContent = "";
        f.input.removeAttribute("aria-invalid");
      }
      const rest = [];
      for (const e of errors) {
        const m = /^inputs(?:\.([A-Za-z0-9_-]+)|\['(.+)'\])/.exec(e.path || "");
        const f = m && fields.get(m[1] ?? m[2]);
        if (f) {
          f.error.textContent = e.message;
          f.input.setAttribute("aria-invalid", "true");
        } else rest.push(e);
      }
      return rest;
    },
  };
}
