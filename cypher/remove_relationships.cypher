// remove_relationships.cypher - remove declared ties.
// Params: $uids: list of tie uids. Returns: nothing.
UNWIND $uids AS uid
CALL (uid) {
    MATCH ()-[d:DECLARED {uid: uid}]->()
    DELETE d
}
