// hide_negotiation.cypher - graphkit delete of a whole negotiation, step 1 (under its import
// lock): readers no longer find it from this commit on; purge_negotiation.cypher then removes
// its records in batches (an interrupted purge is finished by the next import or delete).
// Params: $negotiation. Returns: nothing.
MATCH (n:Negotiation {name: $negotiation})
SET n._deleting = true
REMOVE n.gen, n.floor
