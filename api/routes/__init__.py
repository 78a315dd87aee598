"""Plain HTTP routes next to /graphql: health probes and the GraphML export."""
