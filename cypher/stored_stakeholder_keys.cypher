// stored_stakeholder_keys.cypher - the ids of a negotiation's stakeholders (--sync).
// Params: $negotiation, $gen. Returns: key.
MATCH (s:Stakeholder {negotiation: $negotiation})
WHERE coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen
RETURN s.id AS key
