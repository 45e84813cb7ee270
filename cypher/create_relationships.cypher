// create_relationships.cypher - add declared ties without extra columns to one negotiation
// (alliance, rivalry, reports-to...): (source)-[:DECLARED {type, sign, ...}]->(target). New
// ties, or the new version of a changed one; ties with extra columns:
// create_relationships_with_fields.cypher.
// Each is created with _gen = $gen: staged, seen by readers once generation $gen is
// published. _g is the fingerprint of the file's record this version was written from.
// Every property is given in the CREATE (no Eager: see create_interactions.cypher).
// Params: $negotiation, $gen, $rows: list of {uid, key, g (fingerprint), a (source uid),
//         b (target uid), props: {type, sign, weight, directed, since, until (Dates, null
//         when open), notes}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a:Stakeholder {uid: row.a})
MATCH (b:Stakeholder {uid: row.b})
CREATE (a)-[d:DECLARED {
    uid: row.uid, negotiation: $negotiation, key: row.key, _gen: $gen, _g: row.g,
    type: row.props.type, sign: row.props.sign, weight: row.props.weight,
    directed: row.props.directed, since: row.props.since, until: row.props.until,
    notes: row.props.notes
}]->(b)
