// stored_stances.cypher - the stored values of these declared stances (import planning).
// Params: $gen (the import's generation: what it has staged counts), $uids: list of stance
//         uids (negotiation + U+001F + key).
// Returns: key, stakeholder, issue, date (ISO text), stance, source, confidential, notes,
//          attributes (list of [header, value]: the properties `field:<header>`).
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (s:Stakeholder)-[:HOLDS]->(x:Stance {uid: uid})
    USING INDEX SEEK x:Stance(uid)
    WHERE coalesce(x._gen, 0) <= $gen AND coalesce(x._end, $gen + 1) > $gen
    RETURN s, x
}
RETURN x.key AS key, s.id AS stakeholder, x.issue AS issue, toString(x.date) AS date,
       x.stance AS stance, x.source AS source, x.confidential AS confidential,
       x.notes AS notes,
       [k IN keys(x) WHERE k STARTS WITH 'field:' | [substring(k, 6), x[k]]] AS attributes
