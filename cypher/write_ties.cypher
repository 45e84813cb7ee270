// write_ties.cypher - one batch of the ties of a write-back (graphkit influence
// --write-back): (a)-[:TIE {negotiation, write, strength, sentiment, sign, trust,
// contested, flags, contacts, first_contact, last_contact, as_of}]->(b), a and b as the
// tie model orders them (u, v). Tagged with $write: they replace the negotiation's other
// ties once publish_ties.cypher records $write (delete_stale_ties.cypher removes those).
// Params: $negotiation, $write (the write-back's id), $rows: list of {a, b (stakeholder
//         uids), props: {strength, sentiment, sign, trust, contested, flags (list of
//         text), contacts, first_contact, last_contact, as_of (Dates, null when none)}}.
// Returns: nothing.
CYPHER replan=force
UNWIND $rows AS row
CALL (row) {
    MATCH (a:Stakeholder {uid: row.a}), (b:Stakeholder {uid: row.b})
    USING INDEX SEEK a:Stakeholder(uid)
    USING INDEX SEEK b:Stakeholder(uid)
    CREATE (a)-[t:TIE]->(b)
    SET t = row.props, t.negotiation = $negotiation, t.write = $write
}
