// create_interactions.cypher - add contacts without extra columns to one negotiation: new
// ones, or the new version of a changed one (the old version is ended,
// end_interactions.cypher); contacts with extra columns: create_interactions_with_fields.
// A contact is (source)-[:INITIATED]->(:Interaction)-[:WITH]->(target).
// Each is created with _gen = $gen: staged, seen by readers once generation $gen is
// published. _g is the fingerprint of the file's record this version was written from
// (graphkit/changes.py: a later import of the same record skips it unread).
// Every property is given in the CREATE, with no SET after it: Neo4j then plans no Eager
// and streams the rows (about 40% faster than SET i = row.props). A null is no property.
// Params: $negotiation, $gen, $rows: list of {uid, key, g (fingerprint), a (source uid),
//         b (target uid), props: {date (Date, LocalDateTime, or text: see _temporal in
//         neo4j.py), channel, track, sentiment, confidential, notes}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a:Stakeholder {uid: row.a})
MATCH (b:Stakeholder {uid: row.b})
CREATE (a)-[:INITIATED]->(i:Interaction {
    uid: row.uid, negotiation: $negotiation, key: row.key, _gen: $gen, _g: row.g,
    date: row.props.date, channel: row.props.channel, track: row.props.track,
    sentiment: row.props.sentiment, confidential: row.props.confidential,
    notes: row.props.notes
})-[:WITH]->(b)
