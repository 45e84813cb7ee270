// create_relationships_with_fields.cypher - add declared ties to one negotiation (alliance, rivalry,
// reports-to...): (source)-[:DECLARED {type, sign, ...}]->(target). New ties, or the new version of a changed one.
// Each is created with _gen = $gen: staged, seen by readers once generation $gen is
// published.
// _g is the fingerprint of the file's record this version was written from (graphkit/changes.py:
// a later import of the same record skips it unread).
// Params: $negotiation, $gen, $rows: list of {uid, key, g (fingerprint), a (source uid), b (target uid),
//         props: {type, sign, weight, directed, since, until (Dates, null when open),
//         notes}, fields: {`field:<header>`: value}}.
// create_relationships.cypher writes the records without extra columns (most): a SET after the
// CREATE makes Neo4j plan an Eager (every row held before the next step), about 40%
// slower, so only the records with fields come here.
// Returns: nothing.
CYPHER replan=force
UNWIND $rows AS row
CALL (row) {
    MATCH (a:Stakeholder {uid: row.a}), (b:Stakeholder {uid: row.b})
    USING INDEX SEEK a:Stakeholder(uid)
    USING INDEX SEEK b:Stakeholder(uid)
    CREATE (a)-[d:DECLARED]->(b)
    SET d = row.props, d.uid = row.uid, d.negotiation = $negotiation, d.key = row.key,
        d._gen = $gen, d._g = row.g
    SET d += row.fields
}
