// stored_stakeholder_keys.cypher - the ids of a negotiation's stakeholders (--sync).
// Params: $negotiation. Returns: key.
MATCH (s:Stakeholder {negotiation: $negotiation})
RETURN s.id AS key
