// remove_interactions.cypher - remove contacts.
// Params: $uids: list of contact uids. Returns: nothing.
UNWIND $uids AS uid
CALL (uid) {
    MATCH (i:Interaction {uid: uid})
    DETACH DELETE i
}
