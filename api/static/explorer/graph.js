// The neighbourhood graph, drawn with the vendored Cytoscape.js (loaded on first use).

export const TYPE_COLORS = {
  COMPANY: "#2563a8",
  PERSON: "#c0392b",
  PLACE: "#2e7d4f",
  ORGANIZATION: "#7b4bb7",
};

let loading = null;

export function loadCytoscape() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/static/vendor/cytoscape/cytoscape.min.js";
      script.onload = () => resolve(window.cytoscape);
      script.onerror = () => {
        loading = null;
        reject(new Error("The graph library could not be loaded from the server."));
      };
      document.head.appendChild(script);
    });
  }
  return loading;
}

/** Nodes and edges of the visible subgraph from a Neighbourhood query result. */
export function subgraph(entity) {
  const nodes = new Map([[entity.id, { entity, depth: 0 }]]);
  for (const edge of entity.neighbors.edges) nodes.set(edge.node.id, { entity: edge.node, depth: edge.depth });
  const edges = new Map();
  const addRelations = (owner) => {
    for (const { node: rel } of owner.relations.edges) {
      if (nodes.has(rel.sourceId) && nodes.has(rel.targetId)) edges.set(rel.id, rel);
    }
  };
  addRelations(entity);
  for (const edge of entity.neighbors.edges) addRelations(edge.node);
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": (n) => TYPE_COLORS[n.data("type")] || "#666",
      label: "data(label)",
      color: "#1b1f24",
      "font-size": 11,
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-wrap": "ellipsis",
      "text-max-width": 120,
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.8,
      "text-background-padding": 1,
      width: 18,
      height: 18,
    },
  },
  { selector: "node.center", style: { width: 30, height: 30, "border-width": 3, "border-color": "#111", "font-weight": "bold" } },
  { selector: "node.far", style: { opacity: 0.75, width: 14, height: 14 } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#9aa4b1",
      "target-arrow-color": "#9aa4b1",
      "target-arrow-shape": "triangle",
      "curve-style": "bezier",
      label: "data(label)",
      "font-size": 9,
      color: "#4a5563",
      "text-rotation": "autorotate",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.8,
    },
  },
  { selector: "edge.symmetric", style: { "target-arrow-shape": "none" } },
  { selector: "edge.former", style: { "line-style": "dashed" } },
  { selector: "node:active, node:selected", style: { "overlay-opacity": 0.15 } },
];

const SYMMETRIC = new Set(["PARTNERS_WITH", "MERGED_WITH"]);

/**
 * Draw `graph` ({nodes, edges}) in `container`; `labelOf(entity)` names nodes, `onOpen(id)` runs
 * when a node is clicked or tapped. Returns the Cytoscape instance.
 */
export async function drawGraph(container, graph, { centerId, labelOf, relationLabel, onOpen }) {
  const cytoscape = await loadCytoscape();
  const elements = [
    ...graph.nodes.map(({ entity, depth }) => ({
      group: "nodes",
      data: { id: entity.id, type: entity.type, depth, label: labelOf(entity), entity },
      classes: entity.id === centerId ? "center" : depth > 1 ? "far" : "",
    })),
    ...graph.edges.map((rel) => ({
      group: "edges",
      data: { id: rel.id, source: rel.sourceId, target: rel.targetId, label: relationLabel(rel), rel },
      classes: [SYMMETRIC.has(rel.type) ? "symmetric" : "", rel.former ? "former" : ""].join(" ").trim(),
    })),
  ];
  const cy = cytoscape({
    container,
    elements,
    style: STYLE,
    layout: {
      name: "concentric",
      concentric: (n) => 10 - n.data("depth"),
      levelWidth: () => 1,
      minNodeSpacing: 56,
      animate: false,
      padding: 24,
    },
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  // A small neighbourhood would be blown up to fill the box: keep labels at a readable size.
  if (cy.zoom() > 1.4) {
    cy.zoom(1.4);
    cy.center();
  }
  cy.on("tap", "node", (event) => onOpen(event.target.id()));
  cy.on("mouseover", "node", () => (container.style.cursor = "pointer"));
  cy.on("mouseout", "node", () => (container.style.cursor = ""));
  return cy;
}

