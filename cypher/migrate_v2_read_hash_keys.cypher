// migrate_v2_read_hash_keys.cypher - contacts without an id, in the order they were
// written, to give them the key of their identity (date, people, channel, track).
// Params: none.
// Returns: uid, negotiation, date, source, target, channel, track.
MATCH (a:Stakeholder)-[:INITIATED]->(i:Interaction)-[:WITH]->(b:Stakeholder)
WHERE i.key STARTS WITH 'h:'
RETURN i.uid AS uid, i.negotiation AS negotiation, i.date AS date, a.id AS source,
       b.id AS target, i.channel AS channel, i.track AS track
ORDER BY negotiation, id(i)
