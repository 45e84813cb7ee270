// stored_relationship_keys.cypher - the keys of a negotiation's declared ties (--sync).
// Params: $negotiation. Returns: key.
MATCH ()-[d:DECLARED {negotiation: $negotiation}]->()
RETURN d.key AS key
