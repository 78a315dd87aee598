// kg explorer: a single-page app on kg's GraphQL API. Views: home, search (/?q=), entity
// (/entity/<id>) and path finder (/path?from=&to=); every view is a deep link that survives a reload.

import { ApiError, ENTITIES, ENTITY_PAGE, NEIGHBOURHOOD, PATH, SEARCH, STATS, gql } from "./api.js";
import { TYPE_COLORS, drawGraph, loadCytoscape, subgraph } from "./graph.js";

const TYPES = ["COMPANY", "PERSON", "PLACE", "ORGANIZATION"];
const TYPE_LABELS = {
  COMPANY: ["Company", "기업"],
  PERSON: ["Person", "인물"],
  PLACE: ["Place", "장소"],
  ORGANIZATION: ["Organization", "기관"],
};
const MAX_DEPTH = 3; // the API's neighbours limit

const main = document.getElementById("main");
const statusLine = document.getElementById("status");
const langSelect = document.getElementById("lang");
const searchForm = document.getElementById("search-form");
const state = { lang: "en", cy: null, view: 0 };

// exposed for the browser tests and for poking around in the console
window.kgExplorer = {
  get graph() {
    return state.cy;
  },
};

// -- small DOM helpers (text only: data never goes through innerHTML) ---------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function setMain(...children) {
  if (state.cy) {
    state.cy.destroy();
    state.cy = null;
  }
  main.replaceChildren(...children);
}

function announce(text) {
  statusLine.textContent = text;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function link(href, ...children) {
  return h("a", { href, "data-nav": true }, ...children);
}

function entityHref(id) {
  return `/entity/${encodeURIComponent(id)}`;
}

// -- names in the chosen language -------------------------------------------------------------

function label(entity) {
  const en = entity.nameEn || "";
  const ko = entity.nameKo || "";
  if (state.lang === "ko") return ko || en || entity.name;
  if (state.lang === "both") return en && ko && en !== ko ? `${en} · ${ko}` : en || ko || entity.name;
  return en || ko || entity.name;
}

function typeLabel(type) {
  const [en, ko] = TYPE_LABELS[type] || [type, type];
  return state.lang === "ko" ? ko : state.lang === "both" ? `${en} · ${ko}` : en;
}

function relationLabel(rel) {
  const base = state.lang === "ko" ? rel.labelKo : state.lang === "both" ? `${rel.labelEn} · ${rel.labelKo}` : rel.labelEn;
  return [base, rel.title ? `(${rel.title})` : "", rel.former ? (state.lang === "ko" ? "전" : "former") : ""]
    .filter(Boolean)
    .join(" ");
}

function typeBadge(type) {
  return h("span", { class: "badge", style: `--type-color: ${TYPE_COLORS[type] || "#666"}` }, typeLabel(type));
}

function bothNames(entity) {
  return h(
    "span",
    { class: "both-names" },
    entity.nameEn ? h("span", { lang: "en" }, entity.nameEn) : h("span", { class: "missing" }, "no English name"),
    h("span", { class: "sep", "aria-hidden": "true" }, " / "),
    entity.nameKo ? h("span", { lang: "ko" }, entity.nameKo) : h("span", { class: "missing" }, "한국어 이름 없음"),
  );
}

// -- states ----------------------------------------------------------------------------------

function errorBox(err, retry) {
  const api = err instanceof ApiError;
  const title = api && err.kind === "network" ? "The API is not reachable" : "Something went wrong";
  return h(
    "div",
    { class: "notice error", role: "alert" },
    h("h2", {}, title),
    h("p", {}, err.message || String(err)),
    retry ? h("button", { type: "button", onclick: retry }, "Retry") : null,
  );
}

function emptyBox(title, ...body) {
  return h("div", { class: "notice empty" }, h("h2", {}, title), ...body);
}

async function guarded(render) {
  const ticket = ++state.view;
  try {
    await render(() => ticket === state.view);
  } catch (err) {
    if (ticket !== state.view) return;
    console.error(err);
    setMain(errorBox(err, () => route()));
    announce(err.message || "error");
  }
}

// -- views -----------------------------------------------------------------------------------

function currentTypes(url) {
  const raw = url.searchParams.get("type") || "";
  return raw.split(",").filter((t) => TYPES.includes(t));
}

function syncSearchForm(q, types) {
  searchForm.q.value = q || "";
  for (const box of searchForm.querySelectorAll("input[name=type]")) box.checked = types.includes(box.value);
}

async function showHome() {
  document.title = "kg explorer";
  syncSearchForm("", []);
  await guarded(async (current) => {
    setMain(h("p", { class: "loading" }, "Loading…"));
    const { stats } = await gql(STATS);
    if (!current()) return;
    const examples = ["아마존", "Amazon", "Samsung", "11번가", "orea"];
    setMain(
      h(
        "section",
        { class: "home" },
        h("h1", {}, "One graph in two languages"),
        h(
          "p",
          { class: "lead" },
          "Search companies, people, places and organisations by any name, in English or Korean. ",
          "Every relation is backed by the sentence it was read from.",
        ),
        h(
          "dl",
          { class: "stats" },
          ...[
            ["Entities", stats.entities],
            ["Relations", stats.relations],
            ["Documents", stats.documents],
            ["Mentions", stats.mentions],
          ].map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", {}, v))),
        ),
        stats.entities
          ? h(
              "p",
              {},
              "Try: ",
              ...examples.flatMap((q, i) => [i ? ", " : "", link(`/?q=${encodeURIComponent(q)}`, q)]),
            )
          : emptyBox("The graph is empty", h("p", {}, "Ingest some documents first: ", h("code", {}, "kg ingest seeds/"))),
      ),
    );
    announce("Home");
  });
}

async function showSearch(q, types) {
  document.title = `${q} · kg explorer`;
  syncSearchForm(q, types);
  await guarded(async (current) => {
    setMain(h("p", { class: "loading" }, `Searching for “${q}”…`));
    const data = await gql(SEARCH, { q, types: types.length ? types : null, first: 30 });
    if (!current()) return;
    const edges = data.searchEntities.edges;
    const heading = h("h1", {}, `Results for “${q}”`, types.length ? ` (${types.map(typeLabel).join(", ")})` : "");
    if (!edges.length) {
      setMain(
        heading,
        emptyBox(
          "No entity matches",
          h("p", {}, `Nothing in the graph is named like “${q}”. Try another spelling, the other script, or fewer type filters.`),
        ),
      );
      announce(`No results for ${q}`);
      return;
    }
    setMain(
      heading,
      h(
        "ol",
        { class: "results" },
        edges.map(({ node, score }) =>
          h(
            "li",
            {},
            link(entityHref(node.id), h("span", { class: "result-name" }, label(node))),
            " ",
            typeBadge(node.type),
            h("div", { class: "result-meta" }, bothNames(node), ` · ${plural(node.mentionCount, "mention")} · score ${score.toFixed(2)}`),
            node.seenAliases.length > 1
              ? h("div", { class: "result-aliases" }, "Seen as: ", node.seenAliases.slice(0, 6).join(", "))
              : null,
          ),
        ),
      ),
    );
    if (data.searchEntities.pageInfo.hasNextPage) {
      main.append(h("p", { class: "muted" }, `Showing the best ${edges.length} matches: add to the query or pick a type to narrow it.`));
    }
    announce(`${edges.length} results for ${q}`);
  });
}

function highlighted(ev) {
  // The sentence with the two mentions marked (offsets are in the document; the sentence starts at sentenceStart).
  const text = ev.text;
  const spans = [
    [ev.sourceStart, ev.sourceEnd, "src"],
    [ev.targetStart, ev.targetEnd, "tgt"],
  ]
    .filter(([s, e]) => s !== null && e !== null)
    .map(([s, e, cls]) => [s - ev.sentenceStart, e - ev.sentenceStart, cls])
    .filter(([s, e]) => s >= 0 && e <= text.length && s < e)
    .sort((a, b) => a[0] - b[0]);
  const parts = [];
  let at = 0;
  for (const [s, e, cls] of spans) {
    if (s < at) continue; // overlapping spans: keep the first
    parts.push(text.slice(at, s), h("mark", { class: cls }, text.slice(s, e)));
    at = e;
  }
  parts.push(text.slice(at));
  return h("blockquote", { lang: ev.language.toLowerCase() }, ...parts);
}

function relationItem(rel, selfId) {
  const end = (e) => (e.id === selfId ? h("strong", {}, label(e)) : link(entityHref(e.id), label(e)));
  return h(
    "li",
    { class: "relation" },
    h(
      "p",
      { class: "rel-head" },
      end(rel.source),
      h("span", { class: "rel-type" }, ` — ${relationLabel(rel)} → `),
      end(rel.target),
      h("span", { class: "conf", title: "confidence" }, ` ${rel.confidence.toFixed(2)}`),
    ),
    h(
      "ul",
      { class: "evidence" },
      rel.evidence.map((ev) =>
        h(
          "li",
          {},
          highlighted(ev),
          h(
            "p",
            { class: "cite" },
            "from ",
            h("cite", {}, ev.document.title || ev.documentId),
            ` · ${ev.language.toLowerCase()} · rule ${ev.rule} · ${ev.confidence.toFixed(2)}`,
          ),
        ),
      ),
    ),
  );
}

function relationsSection(entity) {
  const rels = entity.relations.edges.map((e) => e.node);
  const groups = new Map();
  for (const rel of rels) {
    if (!groups.has(rel.type)) groups.set(rel.type, []);
    groups.get(rel.type).push(rel);
  }
  return h(
    "section",
    { class: "panel relations", "aria-labelledby": "rel-h" },
    h("h2", { id: "rel-h" }, `Relations (${entity.relations.totalCount})`),
    rels.length
      ? [...groups.entries()].map(([type, list]) =>
          h("section", { class: "rel-group" }, h("h3", {}, `${relationLabel({ ...list[0], title: null, former: false })} (${list.length})`), h("ul", {}, list.map((r) => relationItem(r, entity.id)))),
        )
      : h("p", { class: "muted" }, "No relation of this entity was read in the documents."),
  );
}

function namesSection(entity) {
  const shown = new Set([entity.nameEn, entity.nameKo].filter(Boolean));
  const seen = entity.seenAliases.filter((a) => !shown.has(a));
  const seenSet = new Set(entity.seenAliases);
  const keys = entity.aliases.filter((a) => !seenSet.has(a) && !shown.has(a));
  return h(
    "section",
    { class: "panel names", "aria-labelledby": "names-h" },
    h("h2", { id: "names-h" }, "Names"),
    h(
      "dl",
      {},
      h("dt", {}, "English"),
      h("dd", { lang: "en" }, entity.nameEn || "—"),
      h("dt", {}, "한국어"),
      h("dd", { lang: "ko" }, entity.nameKo || "—"),
      h("dt", {}, "Seen in the documents as"),
      h("dd", {}, entity.seenAliases.length ? entity.seenAliases.join(", ") : "—"),
    ),
    seen.length || keys.length
      ? h(
          "details",
          {},
          h("summary", {}, `Also found by ${keys.length} dictionary and gazetteer variants`),
          h("p", { class: "muted" }, keys.join(", ") || "—"),
        )
      : null,
  );
}

function documentsSection(entity) {
  return h(
    "section",
    { class: "panel documents", "aria-labelledby": "docs-h" },
    h("h2", { id: "docs-h" }, `Documents (${entity.documents.length})`),
    entity.documents.length
      ? h(
          "ul",
          {},
          entity.documents.map((d) =>
            h("li", {}, h("span", { lang: d.language === "ko" ? "ko" : "en" }, d.title || d.id), h("span", { class: "muted" }, ` · ${d.language}${d.date ? " · " + d.date : ""}`)),
          ),
        )
      : h("p", { class: "muted" }, "No stored mention."),
  );
}

function mergesSection(entity) {
  const titles = new Map(entity.documents.map((d) => [d.id, d.title]));
  return h(
    "section",
    { class: "panel merges", "aria-labelledby": "merge-h" },
    h("h2", { id: "merge-h" }, `Merge history (${entity.merges.length})`),
    entity.merges.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            {},
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Why"), h("th", { scope: "col" }, "Score"), h("th", { scope: "col" }, "Document"))),
            h(
              "tbody",
              {},
              entity.merges.map((m) =>
                h("tr", {}, h("td", {}, m.alias), h("td", {}, m.reason), h("td", {}, m.score.toFixed(2)), h("td", { class: "muted", title: titles.get(m.documentId) || null }, titles.get(m.documentId) || m.documentId || m.otherEntityId || "—")),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "No merge recorded."),
  );
}

function graphSection(entity, depth) {
  const box = h("div", { class: "cy", id: "cy", role: "img", "aria-label": `Neighbourhood graph of ${label(entity)}` });
  const note = h("p", { class: "graph-note muted", "aria-live": "polite" }, "Drawing the graph…");
  const list = h("ul", { class: "neighbour-list" });
  const download = h("a", { class: "button", href: `/export.graphml?entity=${encodeURIComponent(entity.id)}&depth=${depth}`, download: "" }, "Download GraphML");
  const depthSelect = h(
    "select",
    { id: "depth", onchange: (e) => navigate(`${entityHref(entity.id)}?depth=${e.target.value}`, true) },
    [1, 2, 3].map((d) => h("option", { value: d, selected: d === depth }, `${d} hop${d > 1 ? "s" : ""}`)),
  );
  const expand = h(
    "button",
    { type: "button", disabled: depth >= MAX_DEPTH, onclick: () => navigate(`${entityHref(entity.id)}?depth=${depth + 1}`, true) },
    "Expand",
  );
  const legend = h(
    "ul",
    { class: "legend", "aria-label": "Colours" },
    TYPES.map((t) => h("li", {}, h("span", { class: "dot", style: `background:${TYPE_COLORS[t]}` }), typeLabel(t))),
  );
  const section = h(
    "section",
    { class: "panel graph", "aria-labelledby": "graph-h" },
    h("div", { class: "graph-head" }, h("h2", { id: "graph-h" }, "Neighbourhood"), h("label", { for: "depth" }, "Depth "), depthSelect, expand, download),
    legend,
    box,
    note,
    h("details", {}, h("summary", {}, "Neighbours as a list"), list),
  );
  return { section, box, note, list };
}

async function loadGraph(entity, depth, parts, current, pending) {
  const data = await pending;
  if (!current()) return;
  const center = data.entity;
  const graph = subgraph(center);
  parts.list.replaceChildren(
    ...center.neighbors.edges.map((e) => h("li", {}, link(entityHref(e.node.id), label(e.node)), ` (${typeLabel(e.node.type)}, ${e.depth} hop${e.depth > 1 ? "s" : ""})`)),
  );
  const shown = graph.nodes.length - 1;
  const total = center.neighbors.totalCount;
  if (!total) {
    parts.note.textContent = "No neighbour: this entity has no relation yet.";
  } else {
    parts.note.textContent = `${shown} of ${total} neighbours within ${depth} hop${depth > 1 ? "s" : ""}. Click a node to open it.`;
  }
  parts.box.setAttribute("aria-label", `Neighbourhood graph of ${label(entity)}: ${shown} neighbours, ${graph.edges.length} relations`);
  state.cy = await drawGraph(parts.box, graph, {
    centerId: entity.id,
    labelOf: label,
    relationLabel,
    onOpen: (id) => {
      if (id !== entity.id) navigate(entityHref(id));
    },
  });
  parts.box.dataset.ready = "true";
}

async function showEntity(id, depth) {
  document.title = "Entity · kg explorer";
  await guarded(async (current) => {
    setMain(h("p", { class: "loading" }, "Loading the entity…"));
    // The neighbourhood and the graph library load while the entity's page is being built.
    const graphData = gql(NEIGHBOURHOOD, { id, depth });
    graphData.catch(() => {}); // reported where it is awaited
    loadCytoscape().catch(() => {});
    const data = await gql(ENTITY_PAGE, { id });
    if (!current()) return;
    const entity = data.entity;
    if (!entity) {
      setMain(
        emptyBox(
          "Unknown entity",
          h("p", {}, `No entity with id “${id}” is in the graph. It may have been merged into another one or removed with its document.`),
          h("p", {}, link("/", "Search the graph")),
        ),
      );
      document.title = "Unknown entity · kg explorer";
      announce("Unknown entity");
      return;
    }
    document.title = `${label(entity)} · kg explorer`;
    const parts = graphSection(entity, depth);
    setMain(
      h(
        "header",
        { class: "entity-head" },
        h("h1", {}, label(entity)),
        h("p", { class: "subtitle" }, bothNames(entity)),
        h(
          "p",
          { class: "facts" },
          typeBadge(entity.type),
          ` ${plural(entity.mentionCount, "mention")} · ${plural(entity.documents.length, "document")} · `,
          link(`/path?from=${encodeURIComponent(entity.id)}`, "Find a path from here"),
          h("span", { class: "muted id" }, ` · ${entity.id}`),
        ),
      ),
      h("div", { class: "entity-grid" }, h("div", { class: "col-graph" }, parts.section, namesSection(entity), documentsSection(entity)), h("div", { class: "col-text" }, relationsSection(entity), mergesSection(entity))),
    );
    announce(`${label(entity)}: ${entity.relations.totalCount} relations`);
    try {
      await loadGraph(entity, depth, parts, current, graphData);
    } catch (err) {
      if (!current()) return;
      parts.note.replaceChildren(errorBox(err, () => route()));
    }
  });
}

// -- path finder -------------------------------------------------------------------------------

function picker(name, title, chosen) {
  const input = h("input", { id: `${name}-q`, type: "search", autocomplete: "off", placeholder: "Name in English or Korean", value: chosen ? label(chosen) : "" });
  const hidden = h("input", { type: "hidden", name, value: chosen ? chosen.id : "" });
  const options = h("ul", { class: "suggestions", role: "listbox", "aria-label": `${title}: suggestions` });
  let timer = null;
  input.addEventListener("input", () => {
    hidden.value = "";
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return options.replaceChildren();
    timer = setTimeout(async () => {
      try {
        const data = await gql(SEARCH, { q, types: null, first: 6 });
        options.replaceChildren(
          ...data.searchEntities.edges.map(({ node }) =>
            h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  role: "option",
                  onclick: () => {
                    hidden.value = node.id;
                    input.value = label(node);
                    options.replaceChildren();
                  },
                },
                `${label(node)} (${typeLabel(node.type)})`,
              ),
            ),
          ),
        );
        if (!data.searchEntities.edges.length) options.replaceChildren(h("li", { class: "muted" }, "No match"));
      } catch (err) {
        options.replaceChildren(h("li", { class: "muted" }, err.message));
      }
    }, 200);
  });
  return h("div", { class: "picker" }, h("label", { for: `${name}-q` }, title), input, hidden, options);
}

async function resolveEnd(form, name) {
  // An id picked from the suggestions, else the best search hit for what was typed.
  if (form[name].value) return form[name].value;
  const q = form[`${name}-q`].value.trim();
  if (!q) return "";
  const data = await gql(SEARCH, { q, types: null, first: 1 });
  return data.searchEntities.edges[0]?.node.id || "";
}

async function showPath(fromId, toId) {
  document.title = "Path finder · kg explorer";
  await guarded(async (current) => {
    const ids = [fromId, toId].filter(Boolean);
    const known = ids.length ? (await gql(ENTITIES, { ids })).entities : [];
    if (!current()) return;
    const byId = new Map(known.filter(Boolean).map((e) => [e.id, e]));
    const result = h("div", { class: "path-result", "aria-live": "polite" });
    const form = h(
      "form",
      {
        class: "path-form",
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            const [a, b] = await Promise.all([resolveEnd(form, "from"), resolveEnd(form, "to")]);
            if (!a || !b) {
              result.replaceChildren(emptyBox("Pick two entities", h("p", {}, "Choose both ends from the suggestions.")));
              return;
            }
            navigate(`/path?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`);
          } catch (err) {
            result.replaceChildren(errorBox(err));
          }
        },
      },
      picker("from", "From", byId.get(fromId)),
      picker("to", "To", byId.get(toId)),
      h("button", { type: "submit" }, "Find paths"),
    );
    setMain(h("h1", {}, "Path finder"), h("p", { class: "muted" }, "The shortest chains of relations (up to 4 hops, either direction) between two entities."), form, result);
    if (!(fromId && toId)) return;
    for (const [id, end] of [[fromId, "from"], [toId, "to"]]) {
      if (!byId.has(id)) {
        result.replaceChildren(emptyBox("Unknown entity", h("p", {}, `No entity with id “${id}” (the “${end}” end).`)));
        return;
      }
    }
    result.replaceChildren(h("p", { class: "loading" }, "Searching paths…"));
    const data = await gql(PATH, { from: fromId, to: toId });
    if (!current()) return;
    if (!data.path.length) {
      result.replaceChildren(emptyBox("No path", h("p", {}, `${label(byId.get(fromId))} and ${label(byId.get(toId))} are not connected within 4 hops.`)));
      announce("No path");
      return;
    }
    result.replaceChildren(
      h("h2", {}, `${data.path.length} shortest path${data.path.length > 1 ? "s" : ""} of ${data.path[0].length} hop${data.path[0].length > 1 ? "s" : ""}`),
      h(
        "ol",
        { class: "paths" },
        data.path.map((p) =>
          h(
            "li",
            {},
            p.entities.flatMap((e, i) => [
              i ? h("span", { class: "rel-type" }, ` — ${relationLabel(p.relations[i - 1])} — `) : "",
              link(entityHref(e.id), label(e)),
            ]),
          ),
        ),
      ),
    );
    announce(`${data.path.length} paths`);
  });
}

// -- routing -----------------------------------------------------------------------------------

function navigate(href, replace = false) {
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  route();
  main.focus({ preventScroll: false });
}

function route() {
  const url = new URL(window.location.href);
  if (url.pathname.startsWith("/entity/")) {
    const depth = Math.min(MAX_DEPTH, Math.max(1, parseInt(url.searchParams.get("depth") || "1", 10) || 1));
    return showEntity(decodeURIComponent(url.pathname.slice("/entity/".length)), depth);
  }
  if (url.pathname === "/path") return showPath(url.searchParams.get("from"), url.searchParams.get("to"));
  const q = (url.searchParams.get("q") || "").trim();
  if (q) return showSearch(q, currentTypes(url));
  return showHome();
}

function setLang(lang) {
  state.lang = ["en", "ko", "both"].includes(lang) ? lang : "en";
  langSelect.value = state.lang;
  document.documentElement.lang = state.lang === "ko" ? "ko" : "en";
  try {
    localStorage.setItem("kg.lang", state.lang);
  } catch (err) {
    /* private mode: the choice lasts for this page only */
  }
}

searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const q = searchForm.q.value.trim();
  if (!q) return;
  const types = [...searchForm.querySelectorAll("input[name=type]:checked")].map((b) => b.value);
  navigate(`/?q=${encodeURIComponent(q)}${types.length ? `&type=${types.join(",")}` : ""}`);
});
for (const box of searchForm.querySelectorAll("input[name=type]")) {
  box.addEventListener("change", () => {
    if (searchForm.q.value.trim()) searchForm.requestSubmit();
  });
}
langSelect.addEventListener("change", () => {
  setLang(langSelect.value);
  route(); // every view redraws with the new labels (the graph included)
});
document.addEventListener("click", (event) => {
  const a = event.target.closest("a[data-nav]");
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(a.getAttribute("href"));
});
window.addEventListener("popstate", route);

let saved = "en";
try {
  saved = localStorage.getItem("kg.lang") || "en";
} catch (err) {
  /* no storage */
}
setLang(saved);
route();
