// stored_stance_keys.cypher - the keys of a negotiation's declared stances (--sync).
// Params: $negotiation, $gen. Returns: key.
MATCH (x:Stance {negotiation: $negotiation})
WHERE coalesce(x._gen, 0) <= $gen AND coalesce(x._end, $gen + 1) > $gen
RETURN x.key AS key
