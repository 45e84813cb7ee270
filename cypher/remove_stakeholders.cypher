// remove_stakeholders.cypher - remove stakeholders (their contacts and ties are removed first).
// Params: $uids: list of stakeholder uids. Returns: nothing.
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (s:Stakeholder {uid: uid})
    USING INDEX SEEK s:Stakeholder(uid)
    DETACH DELETE s
}
