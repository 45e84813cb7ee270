// stored_relationships.cypher - the stored values of these declared ties (import planning).
// Params: $gen (the import's generation: what it has staged counts), $uids: list of tie uids (negotiation + U+001F + key).
// Returns: key, source, target, type, sign, weight, directed, since,
//          until (ISO dates, "" when open), notes, attributes (list of [header, value]: the
//          properties `field:<header>`).
// One subquery per uid: always an index seek (see stored_interactions.cypher).
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (a:Stakeholder)-[d:DECLARED {uid: uid}]->(b:Stakeholder)
    USING INDEX SEEK d:DECLARED(uid)
    WHERE coalesce(d._gen, 0) <= $gen AND coalesce(d._end, $gen + 1) > $gen
    RETURN a, d, b
}
RETURN d.key AS key, a.id AS source, b.id AS target, d.type AS type, d.sign AS sign,
       d.weight AS weight, d.directed AS directed, coalesce(toString(d.since), '') AS since,
       coalesce(toString(d.until), '') AS until, d.notes AS notes, [k IN keys(d) WHERE k STARTS WITH 'field:' | [substring(k, 6), d[k]]] AS attributes
