// stored_interactions.cypher - the stored values of these contacts (import planning).
// Params: $gen (the import's generation: what it has staged counts), $uids: list of contact uids (negotiation + U+001F + key).
// Returns: key, date, source, target, channel, track, sentiment, confidential, notes,
//          attributes (list of [header, value]: the properties `field:<header>`); one row
//          per stored contact. date is the ISO text graphkit wrote (toString of a Date or
//          LocalDateTime gives it back exactly, see _temporal in graphkit/stores/neo4j.py).
// An index SEEK per uid, forced (USING INDEX SEEK), in one subquery per uid, planned afresh
// (replan=force): for 10,000 uids Neo4j 5.26 chose to scan the whole uid index once per uid
// (10^9 db hits, 217 s for 100k stored contacts) instead of 20,000 seeks (0.4 s per 1,000).
// Every per-row lookup and write of an import (stored_*, create_*, update_*, remove_*,
// read_referencing) is written the same way.
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (i:Interaction {uid: uid})
    USING INDEX SEEK i:Interaction(uid)
    WHERE coalesce(i._gen, 0) <= $gen AND coalesce(i._end, $gen + 1) > $gen
    MATCH (a:Stakeholder)-[:INITIATED]->(i)-[:WITH]->(b:Stakeholder)
    RETURN i, a, b
}
RETURN i.key AS key, toString(i.date) AS date, a.id AS source, b.id AS target, i.channel AS channel,
       i.track AS track, i.sentiment AS sentiment, i.confidential AS confidential,
       i.notes AS notes, [k IN keys(i) WHERE k STARTS WITH 'field:' | [substring(k, 6), i[k]]] AS attributes
