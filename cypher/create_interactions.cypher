// create_interactions.cypher - add contacts to one negotiation (new ones: the import has
// checked, under the negotiation's lock, that none of these uids is stored).
// A contact is (source)-[:INITIATED]->(:Interaction)-[:WITH]->(target).
// Params: $negotiation, $rows: list of {uid, key, a (source uid), b (target uid),
//         props: {date, channel, track, sentiment, confidential, notes, attributes}}.
// Returns: nothing.
CYPHER replan=force
UNWIND $rows AS row
CALL (row) {
    MATCH (a:Stakeholder {uid: row.a}), (b:Stakeholder {uid: row.b})
    USING INDEX SEEK a:Stakeholder(uid)
    USING INDEX SEEK b:Stakeholder(uid)
    CREATE (a)-[:INITIATED]->(i:Interaction)-[:WITH]->(b)
    SET i = row.props, i.uid = row.uid, i.negotiation = $negotiation, i.key = row.key
}
