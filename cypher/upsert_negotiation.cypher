// upsert_negotiation.cypher - make sure a negotiation exists.
// Params: $negotiation (name), $now (ISO timestamp).
// Returns: nothing.
MERGE (n:Negotiation {name: $negotiation})
ON CREATE SET n.created_at = $now, n.updated_at = $now
