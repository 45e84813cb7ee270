// remove_interactions.cypher - remove contacts.
// Params: $uids: list of contact uids. Returns: nothing.
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (i:Interaction {uid: uid})
    USING INDEX SEEK i:Interaction(uid)
    DETACH DELETE i
}
