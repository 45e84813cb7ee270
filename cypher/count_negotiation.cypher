// count_negotiation.cypher - what a negotiation holds (graphkit delete).
// Params: $negotiation, $gen.
// Returns: stakeholders, interactions, relationships, stances.
RETURN COUNT { MATCH (s:Stakeholder {negotiation: $negotiation}) WHERE coalesce(s._gen, 0) <= $gen AND coalesce(s._end, $gen + 1) > $gen } AS stakeholders,
       COUNT { MATCH (i:Interaction {negotiation: $negotiation}) WHERE coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen } AS interactions,
       COUNT { MATCH ()-[d:DECLARED {negotiation: $negotiation}]->() WHERE coalesce(d._gen, 0) <= $gen AND coalesce(d._end, $gen + 1) > $gen } AS relationships,
       COUNT { MATCH (x:Stance {negotiation: $negotiation}) WHERE coalesce(x._gen, 0) <= $gen AND coalesce(x._end, $gen + 1) > $gen } AS stances
