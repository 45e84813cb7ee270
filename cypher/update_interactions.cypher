// update_interactions.cypher - new values for stored contacts whose two ends stay the same
// (a contact whose ends change is removed and created again).
// Params: $rows: list of {uid, props: {date, channel, track, sentiment, confidential, notes,
//         attributes}}.
// Returns: nothing.
CYPHER replan=force
UNWIND $rows AS row
CALL (row) {
    MATCH (i:Interaction {uid: row.uid})
    USING INDEX SEEK i:Interaction(uid)
    SET i += row.props
}
