// read_stances.cypher - a negotiation's declared stances.
// Params: $negotiation, $gen (the generation read), $public (true: without the
//         confidential ones).
// Returns: key, stakeholder, issue, date (ISO text), stance, source, confidential, notes,
//          attributes (list of [header, value]: the properties `field:<header>`).
MATCH (s:Stakeholder)-[:HOLDS]->(x:Stance {negotiation: $negotiation})
WHERE coalesce(x._gen, 0) <= $gen AND coalesce(x._end, $gen + 1) > $gen
  AND NOT ($public AND coalesce(x.confidential, false))
RETURN x.key AS key, s.id AS stakeholder, x.issue AS issue, toString(x.date) AS date,
       x.stance AS stance, x.source AS source, x.confidential AS confidential,
       x.notes AS notes,
       [k IN keys(x) WHERE k STARTS WITH 'field:' | [substring(k, 6), x[k]]] AS attributes
ORDER BY key
