// write_stakeholders.cypher - stage added or changed stakeholders of one negotiation for the
// import of generation $gen. A new stakeholder is created with _gen = $gen (readers of an
// older generation do not see it); one the import created already is changed in place; a
// published one keeps its values and gets a draft, (s)-[:NEXT]->(:StakeholderDraft {gen}),
// holding every new value, which readers of generation $gen and later read instead.
// The extra columns are the properties named `field:<header>`: exactly those of row.fields
// (one no longer given is removed); no other property of the node is touched, so what a
// user added in Browser or Bloom stays.
// Params: $negotiation, $gen, $rows: list of {uid, id, props: {name, party, organization,
//         role, tier, kind, power, interest, notes, unmapped}, fields: {`field:<header>`: value}}.
// Returns: nothing.
CYPHER replan=force
MATCH (n:Negotiation {name: $negotiation})
UNWIND $rows AS row
MERGE (s:Stakeholder {uid: row.uid})
ON CREATE SET s.negotiation = $negotiation, s.id = row.id, s._gen = $gen
MERGE (s)-[:TAKES_PART_IN]->(n)
WITH s, row
FOREACH (x IN CASE WHEN s._gen = $gen THEN [s] ELSE [] END |
    SET x += row.props
    FOREACH (k IN [k IN keys(x) WHERE k STARTS WITH 'field:' AND NOT k IN keys(row.fields)] |
        REMOVE x[k])
    SET x += row.fields)
WITH s, row
WHERE coalesce(s._gen, 0) < $gen
MERGE (s)-[:NEXT]->(d:StakeholderDraft {gen: $gen})
ON CREATE SET d.negotiation = $negotiation
SET d += row.props
FOREACH (k IN [k IN keys(d) WHERE k STARTS WITH 'field:' AND NOT k IN keys(row.fields)] |
    REMOVE d[k])
SET d += row.fields
