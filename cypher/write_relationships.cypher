// write_relationships.cypher - add or replace declared ties of one negotiation
// (alliance, rivalry, reports-to...): (source)-[:DECLARED {type, sign, ...}]->(target).
// Params: $negotiation, $rows: list of {uid, key, a (source uid), b (target uid),
//         props: {type, sign, weight, directed, notes, attributes}}.
// Returns: nothing.
UNWIND $rows AS row
OPTIONAL MATCH ()-[old:DECLARED {uid: row.uid}]->()
DELETE old
WITH row
MATCH (a:Stakeholder {uid: row.a}), (b:Stakeholder {uid: row.b})
CREATE (a)-[d:DECLARED]->(b)
SET d = row.props, d.uid = row.uid, d.negotiation = $negotiation, d.key = row.key
