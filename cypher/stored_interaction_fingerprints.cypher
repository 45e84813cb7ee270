// stored_interaction_fingerprints.cypher - how many contacts a negotiation has, and the
// fingerprints stored with them (graphkit/changes.py fingerprint: a contact of the file
// whose fingerprint is stored is unchanged, and is not read).
// Params: $negotiation, $gen (the import's generation). Returns: stored, prints (list of
// integers; contacts written before fingerprints have none).
MATCH (i:Interaction {negotiation: $negotiation})
WHERE coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
RETURN count(i) AS stored, collect(i._g) AS prints
