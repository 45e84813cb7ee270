// read_metrics.cypher - the metrics written back for a negotiation.
// Params: $negotiation, $gen (the generation read).
// Returns: id, metrics (map of gk_<name> to number).
MATCH (s:Stakeholder {negotiation: $negotiation})-[m:TAKES_PART_IN]->()
WHERE size(keys(m)) > 0 AND coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen
RETURN s.id AS id, properties(m) AS metrics
