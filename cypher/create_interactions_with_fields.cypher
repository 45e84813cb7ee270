// create_interactions_with_fields.cypher - add contacts to one negotiation: new ones, or the new version
// of a changed one (the old version is ended, end_interactions.cypher).
// A contact is (source)-[:INITIATED]->(:Interaction)-[:WITH]->(target).
// Each is created with _gen = $gen: staged, seen by readers once generation $gen is
// published.
// _g is the fingerprint of the file's record this version was written from (graphkit/changes.py:
// a later import of the same record skips it unread).
// Params: $negotiation, $gen, $rows: list of {uid, key, g (fingerprint), a (source uid), b (target uid),
//         props: {date (Date, LocalDateTime, or text: see _temporal in neo4j.py), channel,
//         track, sentiment, confidential, notes}, fields: {`field:<header>`: value}}.
// create_interactions.cypher writes the records without extra columns (most): a SET after the
// CREATE makes Neo4j plan an Eager (every row held before the next step), about 40%
// slower, so only the records with fields come here.
// Returns: nothing.
CYPHER replan=force
UNWIND $rows AS row
CALL (row) {
    MATCH (a:Stakeholder {uid: row.a}), (b:Stakeholder {uid: row.b})
    USING INDEX SEEK a:Stakeholder(uid)
    USING INDEX SEEK b:Stakeholder(uid)
    CREATE (a)-[:INITIATED]->(i:Interaction)-[:WITH]->(b)
    SET i = row.props, i.uid = row.uid, i.negotiation = $negotiation, i.key = row.key,
        i._gen = $gen, i._g = row.g
    SET i += row.fields
}
