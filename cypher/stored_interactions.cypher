// stored_interactions.cypher - the stored values of these contacts (import planning).
// Params: $uids: list of contact uids (negotiation + U+001F + key).
// Returns: key, date, source, target, channel, track, sentiment, confidential, notes,
//          attributes (JSON text); one row per stored contact.
// One subquery per uid, so the only plan is a unique-index seek: a plan Neo4j cached while
// the negotiation was empty otherwise scanned every contact for each uid on the next import
// (31 s instead of 0.8 s for 10,000 uids).
UNWIND $uids AS uid
CALL (uid) {
    MATCH (i:Interaction {uid: uid})
    MATCH (a:Stakeholder)-[:INITIATED]->(i)-[:WITH]->(b:Stakeholder)
    RETURN i, a, b
}
RETURN i.key AS key, i.date AS date, a.id AS source, b.id AS target, i.channel AS channel,
       i.track AS track, i.sentiment AS sentiment, i.confidential AS confidential,
       i.notes AS notes, i.attributes AS attributes
