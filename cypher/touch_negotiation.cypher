// touch_negotiation.cypher - record that an import changed a negotiation.
// Params: $negotiation, $now (ISO timestamp).
// Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
SET n.updated_at = $now
