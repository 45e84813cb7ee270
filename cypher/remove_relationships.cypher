// remove_relationships.cypher - remove declared ties.
// Params: $uids: list of tie uids. Returns: nothing.
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH ()-[d:DECLARED {uid: uid}]->()
    USING INDEX SEEK d:DECLARED(uid)
    DELETE d
}
