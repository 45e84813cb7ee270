// stored_interactions.cypher - the stored values of these contacts (import planning).
// Params: $uids: list of contact uids (negotiation + U+001F + key).
// Returns: key, date, source, target, channel, track, sentiment, confidential, notes,
//          attributes (JSON text); one row per stored contact.
UNWIND $uids AS uid
MATCH (a:Stakeholder)-[:INITIATED]->(i:Interaction {uid: uid})-[:WITH]->(b:Stakeholder)
RETURN i.key AS key, i.date AS date, a.id AS source, b.id AS target, i.channel AS channel,
       i.track AS track, i.sentiment AS sentiment, i.confidential AS confidential,
       i.notes AS notes, i.attributes AS attributes
