// The explorer's only way to the data: POST /graphql on the page's own origin.

export class ApiError extends Error {
  /** kind: "network" (API unreachable), "http" (no GraphQL answer) or "graphql" (errors in the answer) */
  constructor(message, kind, code = null) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new ApiError("The kg API is not answering. Check that `kg serve` is running, then retry.", "network");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    throw new ApiError(`The API answered HTTP ${response.status} without a GraphQL result.`, "http");
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new ApiError(body.errors.map((e) => e.message).join("; "), "graphql", first.extensions?.code ?? null);
  }
  if (!response.ok || !body.data) {
    throw new ApiError(`The API answered HTTP ${response.status}.`, "http");
  }
  return body.data;
}

const ENTITY = "fragment E on Entity { id type name nameEn nameKo mentionCount }";
const REL = "id type title former confidence sourceId targetId labelEn: label(lang: EN) labelKo: label(lang: KO)";

export const SEARCH = `query Search($q: String!, $types: [EntityType!], $first: Int) {
  searchEntities(query: $q, types: $types, first: $first) {
    edges { score node { ...E seenAliases } }
    pageInfo { hasNextPage }
  }
} ${ENTITY}`;

export const ENTITY_PAGE = `query EntityPage($id: ID!) {
  entity(id: $id) {
    ...E aliases seenAliases
    documents(first: 50) { id title language date source }
    merges { alias reason score documentId otherEntityId }
    relations(first: 100) {
      totalCount
      edges { node {
        ${REL}
        source { ...E } target { ...E }
        evidence {
          text sentenceStart sourceStart sourceEnd targetStart targetEnd
          language rule confidence documentId document { title }
        }
      } }
    }
  }
} ${ENTITY}`;

export const NEIGHBOURHOOD = `query Neighbourhood($id: ID!, $depth: Int!) {
  entity(id: $id) {
    ...E
    relations(first: 100) { edges { node { ${REL} } } }
    neighbors(depth: $depth, first: 60) {
      totalCount
      edges { depth node { ...E relations(first: 30) { edges { node { ${REL} } } } } }
    }
  }
} ${ENTITY}`;

export const ENTITIES = `query Entities($ids: [ID!]!) { entities(ids: $ids) { ...E } } ${ENTITY}`;

export const PATH = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 4, first: 5) {
    length
    entities { ...E }
    relations { ${REL} }
  }
} ${ENTITY}`;

export const STATS = `{ stats { documents entities relations mentions entitiesByType { key count } } }`;
