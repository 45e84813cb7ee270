// create_stances.cypher - add declared stances without extra columns to one negotiation:
// new ones, or the new version of a changed one (the old version is ended,
// end_stances.cypher); stances with extra columns: create_stances_with_fields.cypher.
// A stance is (stakeholder)-[:HOLDS]->(:Stance {issue, date, stance, ...}).
// Each is created with _gen = $gen: staged, seen by readers once generation $gen is
// published. Every property is given in the CREATE (no Eager: see create_interactions.cypher).
// Params: $negotiation, $gen, $rows: list of {uid, key, a (stakeholder uid), props: {issue,
//         date (Date, LocalDateTime or text), stance (-2..2), source, confidential, notes}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a:Stakeholder {uid: row.a})
CREATE (a)-[:HOLDS]->(:Stance {
    uid: row.uid, negotiation: $negotiation, key: row.key, _gen: $gen,
    issue: row.props.issue, date: row.props.date, stance: row.props.stance,
    source: row.props.source, confidential: row.props.confidential, notes: row.props.notes
})
