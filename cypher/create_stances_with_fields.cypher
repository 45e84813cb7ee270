// create_stances_with_fields.cypher - add declared stances with extra columns to one
// negotiation: (stakeholder)-[:HOLDS]->(:Stance {issue, date, stance, ...,
// `field:<header>`}). New stances, or the new version of a changed one, created with
// _gen = $gen (staged until generation $gen is published).
// Params: $negotiation, $gen, $rows: list of {uid, key, a (stakeholder uid), props: {issue,
//         date, stance, source, confidential, notes}, fields: {`field:<header>`: value}}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (a:Stakeholder {uid: row.a})
CREATE (a)-[:HOLDS]->(x:Stance)
SET x = row.props, x.uid = row.uid, x.negotiation = $negotiation, x.key = row.key,
    x._gen = $gen
SET x += row.fields
