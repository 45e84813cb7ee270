// read_metrics.cypher - the metrics written back for a negotiation: the properties listed
// in gk_metrics (so a gk_ property a user added is no metric).
// Params: $negotiation, $gen (the generation read).
// Returns: id, metrics (list of [gk_<name>, number]).
MATCH (s:Stakeholder {negotiation: $negotiation})
WHERE s.gk_metrics IS NOT NULL
  AND coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen
RETURN s.id AS id, [k IN s.gk_metrics WHERE k <> 'gk_negotiation' | [k, s[k]]] AS metrics
