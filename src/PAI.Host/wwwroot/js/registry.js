// The console's pages. A page is one module under js/pages/ that calls registerPage; js/pages/index.js imports them
// all. Adding a page for a new API (memories, schedules, keys, models) is one new module and one import line.
//
// registerPage({
//   route: "memories",            // the first segment of the hash: #/memories; "memories/*" matches #/memories/<id>/...
//   title: "Memories",            // the document title
//   nav: { label: "Memories", order: 60 },   // omit for pages reached only by links (a goal's page)
//   requires: "/api/memories",    // shown only when the host's OpenAPI document has this path
//   render(root, ctx) { ...; return () => { /* stop timers and streams */ }; },
// });
//
// ctx: { params: [segments after the route], query: URLSearchParams, go(hash), setQuery(obj), toast(text, kind),
//        signal (aborted when the page is left), every(ms, fn) (a refresh loop stopped when the page is left),
//        approvalsChanged() (refreshes the approvals badge now) }

const pages = new Map();

/** Adds a page (see above). */
export function registerPage(page) {
  if (pages.has(page.route)) throw new Error(`two pages for route '${page.route}'`);
  pages.set(page.route, page);
}

/** The page for a route and its further segments, if any ("goals/*" takes #/goals/<id>, "goals" takes #/goals). */
export const pageFor = (route, params) => (params.length ? pages.get(`${route}/*`) : null) ?? pages.get(route);

/** Pages shown in the navigation, in order, given the API paths this host serves. */
export const navPages = available =>
  [...pages.values()].filter(p => p.nav && (!p.requires || available.has(p.requires))).sort((a, b) => a.nav.order - b.nav.order);
