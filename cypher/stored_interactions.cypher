// stored_interactions.cypher - the stored values of these contacts (import planning).
// Params: $uids: list of contact uids (negotiation + U+001F + key).
// Returns: key, date, source, target, channel, track, sentiment, confidential, notes,
//          attributes (JSON text); one row per stored contact.
// The index hint keeps the plan a seek per uid: without it Neo4j sometimes chose to scan
// every contact for each uid (bench/README.md, seen with 10,000 uids: 31 s instead of 0.8 s).
UNWIND $uids AS uid
MATCH (i:Interaction {uid: uid})
USING INDEX i:Interaction(uid)
MATCH (a:Stakeholder)-[:INITIATED]->(i)-[:WITH]->(b:Stakeholder)
RETURN i.key AS key, i.date AS date, a.id AS source, b.id AS target, i.channel AS channel,
       i.track AS track, i.sentiment AS sentiment, i.confidential AS confidential,
       i.notes AS notes, i.attributes AS attributes
