// set_floor.cypher - before the versions superseded at generation $gen are removed (or
// staged stakeholder values folded in), record it: a reader that read an older generation
// sees the floor above it and reads again (Neo4jStore.load).
// Params: $negotiation, $gen. Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
WHERE coalesce(n.floor, 0) < $gen
SET n.floor = $gen
