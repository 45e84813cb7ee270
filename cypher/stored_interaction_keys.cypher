// stored_interaction_keys.cypher - the keys of a negotiation's contacts (--sync).
// Params: $negotiation, $gen. Returns: key.
MATCH (i:Interaction {negotiation: $negotiation})
WHERE coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
RETURN i.key AS key
