// stored_relationships.cypher - the stored values of these declared ties (import planning).
// Params: $uids: list of tie uids (negotiation + U+001F + key).
// Returns: key, source, target, type, sign, weight, directed, notes, attributes (JSON text).
UNWIND $uids AS uid
MATCH (a:Stakeholder)-[d:DECLARED {uid: uid}]->(b:Stakeholder)
USING INDEX d:DECLARED(uid)
RETURN d.key AS key, a.id AS source, b.id AS target, d.type AS type, d.sign AS sign,
       d.weight AS weight, d.directed AS directed, d.notes AS notes, d.attributes AS attributes
