// update_relationships.cypher - new values for stored declared ties whose ends stay the same.
// Params: $rows: list of {uid, props: {type, sign, weight, directed, since, until, notes,
//         attributes}}.
// Returns: nothing.
CYPHER replan=force
UNWIND $rows AS row
CALL (row) {
    MATCH ()-[d:DECLARED {uid: row.uid}]->()
    USING INDEX SEEK d:DECLARED(uid)
    SET d += row.props
}
