// stored_relationship_keys.cypher - the keys of a negotiation's declared ties (--sync).
// Params: $negotiation, $gen. Returns: key.
MATCH ()-[d:DECLARED {negotiation: $negotiation}]->()
WHERE coalesce(d._gen, 0) <= $gen AND coalesce(d._end, $gen + 1) > $gen
RETURN d.key AS key
