// A note's markdown as DOM nodes, built element by element (never innerHTML): headings, paragraphs, lists (with task
// boxes), block quotes, fenced code, tables, rules; inline code, strong, emphasis, strike-through, links (http, https,
// mailto and relative ones; relative .md links and [[wiki links]] open the note in the console), images as links
// (nothing is loaded from elsewhere), a front-matter block shown as code. Linear in the text: every scan for a closing
// delimiter is remembered, so a text full of unmatched ones is read once, not once per opener.
import { h } from "../dom.js";

const MAX_QUOTE_DEPTH = 8;

/** The next index of `token` at or after `from` in `text` (-1: none), each answer reused while it still holds. */
function finder(text) {
  const cache = new Map();
  return (token, from) => {
    const hit = cache.get(token);
    if (hit && hit.from <= from && (hit.at === -1 || from <= hit.at)) return hit.at;
    const at = text.indexOf(token, from);
    cache.set(token, { from, at });
    return at;
  };
}

const isWordChar = c => !!c && /[\p{L}\p{N}]/u.test(c);

function safeHref(url) {
  const u = url.trim();
  if (/^(https?:|mailto:)/i.test(u)) return { href: u, external: true };
  const colon = u.indexOf(":");
  const cut = Math.min(...["/", "?", "#"].map(c => (u.indexOf(c) < 0 ? Infinity : u.indexOf(c))));
  if (colon >= 0 && colon < cut) return null; // javascript:, data:, ... are not links
  return { href: u, external: false };
}

function inline(text, opts, depth = 0) {
  const find = finder(text);
  const out = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push(buf);
    buf = "";
  };
  const nest = s => (depth > 6 ? [s] : inline(s, opts, depth + 1));
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length && /[\\`*_{}[\]()#+\-.!|~<>]/.test(text[i + 1])) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      const end = find("`", i + 1);
      if (end > i) {
        flush();
        out.push(h("code", null, text.slice(i + 1, end)));
        i = end + 1;
        continue;
      }
    }
    if ((c === "*" || c === "_" || c === "~") && text[i + 1] === c) {
      const token = c + c;
      const end = find(token, i + 2);
      if (end > i + 2 && (c !== "_" || !isWordChar(text[i - 1]))) {
        flush();
        out.push(h(c === "~" ? "del" : "strong", null, nest(text.slice(i + 2, end))));
        i = end + 2;
        continue;
      }
    }
    if ((c === "*" || c === "_") && text[i + 1] && text[i + 1] !== " " && text[i + 1] !== c && (c !== "_" || !isWordChar(text[i - 1]))) {
      const end = find(c, i + 1);
      if (end > i + 1 && text[end - 1] !== " " && (c !== "_" || !isWordChar(text[end + 1]))) {
        flush();
        out.push(h("em", null, nest(text.slice(i + 1, end))));
        i = end + 1;
        continue;
      }
    }
    if (c === "[" && text[i + 1] === "[") {
      const end = find("]]", i + 2);
      if (end > i + 2) {
        const inner = text.slice(i + 2, end);
        const bar = inner.indexOf("|");
        const target = (bar < 0 ? inner : inner.slice(0, bar)).split("#")[0].trim();
        const label = bar < 0 ? inner : inner.slice(bar + 1);
        flush();
        out.push(target ? h("a", { href: opts.noteHref(target.endsWith(".md") ? target : `${target}.md`), class: "wiki-link" }, label) : label);
        i = end + 2;
        continue;
      }
    }
    if (c === "[" || (c === "!" && text[i + 1] === "[")) {
      const open = c === "!" ? i + 1 : i;
      const close = find("]", open + 1);
      if (close > open && text[close + 1] === "(") {
        let end = find(")", close + 2);
        // One level of parentheses inside the target ([x](https://e.org/a_(b))), as people write them.
        const inner = find("(", close + 2);
        if (end > close && inner > close && inner < end && text[end + 1] === ")") end += 1;
        if (end > close) {
          const label = text.slice(open + 1, close);
          const target = safeHref(text.slice(close + 2, end).split(/\s+"/)[0]);
          flush();
          if (!target) out.push(...nest(label));
          else if (!target.external && /\.md(#.*)?$/i.test(target.href)) out.push(h("a", { href: opts.noteHref(decodeSafe(target.href.split("#")[0])) }, nest(label)));
          else if (target.external) out.push(h("a", { href: target.href, target: "_blank", rel: "noopener noreferrer" }, c === "!" ? `image: ${label || target.href}` : nest(label)));
          else out.push(h("span", { class: "muted", title: target.href }, nest(label)));
          i = end + 1;
          continue;
        }
      }
    }
    if (c === "<" && /^<(https?:|mailto:)/i.test(text.slice(i, i + 9))) {
      const end = find(">", i + 1);
      if (end > i) {
        const target = safeHref(text.slice(i + 1, end));
        if (target) {
          flush();
          out.push(h("a", { href: target.href, target: "_blank", rel: "noopener noreferrer" }, target.href));
          i = end + 1;
          continue;
        }
      }
    }
    buf += c;
    i += 1;
  }
  flush();
  return out;
}

function decodeSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const LIST = /^( *)([-*+]|\d{1,9}[.)])[ \t]+/;
const isBlank = line => line.trim() === "";

function isRule(line) {
  const t = line.replace(/[ \t]/g, "");
  return t.length >= 3 && /^[-*_]+$/.test(t) && t.split("").every(ch => ch === t[0]);
}

const isTableSeparator = line => line.includes("-") && line.includes("|") ? /^[\s|:-]+$/.test(line) : false;
const cells = line => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map(c => c.trim());

function startsBlock(line) {
  return FENCE.test(line) || HEADING.test(line) || LIST.test(line) || /^ {0,3}>/.test(line) || isRule(line);
}

function blocks(lines, opts, depth) {
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1];
      const lang = line.slice(fence[0].length).trim();
      const body = [];
      i += 1;
      const closes = l => {
        const t = l.trim();
        return t.length >= marker.length && [...t].every(ch => ch === marker[0]);
      };
      while (i < lines.length && !closes(lines[i])) body.push(lines[i++]);
      i += 1;
      out.push(h("pre", { class: "md-code", dataset: lang ? { lang } : null }, h("code", null, body.join("\n"))));
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      const text = line.slice(heading[0].length).replace(/[ \t]+#+[ \t]*$/, "").trim();
      out.push(h(`h${Math.min(6, level + 1)}`, { class: "md-heading" }, inline(text, opts)));
      i += 1;
      continue;
    }
    if (isRule(line)) {
      out.push(h("hr"));
      i += 1;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const quoted = [];
      while (i < lines.length && !isBlank(lines[i]) && (/^ {0,3}>/.test(lines[i]) || quoted.length)) {
        if (!/^ {0,3}>/.test(lines[i]) && startsBlock(lines[i])) break;
        quoted.push(lines[i].replace(/^ {0,3}> ?/, ""));
        i += 1;
      }
      out.push(h("blockquote", null, depth < MAX_QUOTE_DEPTH ? blocks(quoted, opts, depth + 1) : quoted.join("\n")));
      continue;
    }
    const item = LIST.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2]);
      const items = [];
      while (i < lines.length) {
        const m = LIST.exec(lines[i]);
        if (m && /\d/.test(m[2]) === ordered) {
          items.push({ indent: m[1].length, text: lines[i].slice(m[0].length) });
          i += 1;
        } else if (!isBlank(lines[i]) && !startsBlock(lines[i]) && items.length) {
          items[items.length - 1].text += ` ${lines[i].trim()}`;
          i += 1;
        } else break;
      }
      out.push(h(ordered ? "ol" : "ul", { class: "md-list" }, items.map(it => {
        const task = /^\[([ xX])\][ \t]+/.exec(it.text);
        const body = task ? it.text.slice(task[0].length) : it.text;
        return h("li", { class: it.indent >= 2 ? "md-nested" : null, style: it.indent >= 2 ? { marginLeft: `${Math.min(8, Math.floor(it.indent / 2))}rem` } : null },
          task ? h("input", { type: "checkbox", disabled: true, checked: task[1] !== " ", "aria-label": task[1] !== " " ? "done" : "not done" }) : null, task ? " " : null, inline(body, opts));
      })));
      continue;
    }
    if (line.includes("|") && i + 1 < lines.length && isTableSeparator(lines[i + 1])) {
      const head = cells(line);
      i += 2;
      const rows = [];
      while (i < lines.length && !isBlank(lines[i]) && lines[i].includes("|")) rows.push(cells(lines[i++]));
      out.push(h("div", { class: "md-table" }, h("table", { class: "list compact" },
        h("thead", null, h("tr", null, head.map(c => h("th", null, inline(c, opts))))),
        h("tbody", null, rows.map(r => h("tr", null, head.map((_, k) => h("td", null, inline(r[k] ?? "", opts)))))))));
      continue;
    }
    const para = [];
    while (i < lines.length && !isBlank(lines[i]) && !(para.length && startsBlock(lines[i]))) para.push(lines[i++].trim());
    out.push(h("p", null, inline(para.join(" "), opts)));
  }
  return out;
}

/** markdown: the note's text; noteHref(path): the console link for another note. */
export function markdownView(markdown, { noteHref }) {
  let lines = String(markdown ?? "").replace(/\r\n?/g, "\n").split("\n");
  const parts = [];
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === "---");
    if (end > 0 && end < 200) {
      parts.push(h("pre", { class: "md-frontmatter", title: "Front matter" }, h("code", null, lines.slice(1, end).join("\n"))));
      lines = lines.slice(end + 1);
    }
  }
  parts.push(...blocks(lines, { noteHref }, 0));
  return h("div", { class: "markdown" }, parts);
}
