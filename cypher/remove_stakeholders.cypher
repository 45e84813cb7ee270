// remove_stakeholders.cypher - remove stakeholders (their contacts and ties are removed first).
// Params: $uids: list of stakeholder uids. Returns: nothing.
UNWIND $uids AS uid
CALL (uid) {
    MATCH (s:Stakeholder {uid: uid})
    DETACH DELETE s
}
