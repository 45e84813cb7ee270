// stored_interaction_keys.cypher - the keys of a negotiation's contacts (--sync).
// Params: $negotiation. Returns: key.
MATCH (i:Interaction {negotiation: $negotiation})
RETURN i.key AS key
