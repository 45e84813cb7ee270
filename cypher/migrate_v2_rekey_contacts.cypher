// migrate_v2_rekey_contacts.cypher - new keys for contacts without an id.
// Params: $rows: list of {uid (current), new_uid, key}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (i:Interaction {uid: row.uid})
SET i.uid = row.new_uid, i.key = row.key
