// remove_interactions.cypher - remove contacts.
// Params: $uids: list of contact uids. Returns: nothing.
UNWIND $uids AS uid
MATCH (i:Interaction {uid: uid})
USING INDEX i:Interaction(uid)
DETACH DELETE i
