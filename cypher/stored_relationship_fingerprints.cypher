// stored_relationship_fingerprints.cypher - how many declared ties a negotiation has, and
// the fingerprints stored with them (see stored_interaction_fingerprints.cypher).
// Params: $negotiation, $gen (the import's generation). Returns: stored, prints (list of
// integers; ties written before fingerprints have none).
MATCH ()-[d:DECLARED {negotiation: $negotiation}]->()
WHERE coalesce(d._gen, 0) <= $gen AND coalesce(d._end, $gen + 1) > $gen
RETURN count(d) AS stored, collect(d._g) AS prints
