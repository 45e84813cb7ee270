// read_negotiation.cypher - does a negotiation exist.
// Params: $negotiation.
// Returns: name (no row when it does not exist).
MATCH (n:Negotiation {name: $negotiation})
RETURN n.name AS name
