// write_interactions.cypher - add or replace contacts of one negotiation.
// A contact is (source)-[:INITIATED]->(:Interaction)-[:WITH]->(target); a replaced
// contact is deleted and written again, so its ends may change.
// Params: $negotiation, $rows: list of {uid, key, a (source uid), b (target uid),
//         props: {date, channel, track, sentiment, confidential, notes, attributes}}.
// Returns: nothing.
UNWIND $rows AS row
OPTIONAL MATCH (old:Interaction {uid: row.uid})
DETACH DELETE old
WITH row
MATCH (a:Stakeholder {uid: row.a}), (b:Stakeholder {uid: row.b})
CREATE (a)-[:INITIATED]->(i:Interaction)-[:WITH]->(b)
SET i = row.props, i.uid = row.uid, i.negotiation = $negotiation, i.key = row.key
