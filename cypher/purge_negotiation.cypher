// purge_negotiation.cypher - up to $limit records of each kind (and written-back TIEs) of a hidden negotiation
// (hide_negotiation.cypher) deleted; stakeholders once nothing refers to them. Run until
// done = 0. Nothing of another negotiation is touched.
// Params: $negotiation, $limit. Returns: done (records deleted).
CALL () {
    MATCH (i:Interaction {negotiation: $negotiation})
    WITH i LIMIT $limit
    DETACH DELETE i
    RETURN count(*) AS contacts
}
CALL () {
    MATCH ()-[d:DECLARED {negotiation: $negotiation}]->()
    WITH d LIMIT $limit
    DELETE d
    RETURN count(*) AS ties
}
CALL () {
    MATCH (x:Stance {negotiation: $negotiation})
    WITH x LIMIT $limit
    DETACH DELETE x
    RETURN count(*) AS stances
}
CALL () {
    MATCH ()-[t:TIE {negotiation: $negotiation}]->()
    WITH t LIMIT $limit
    DELETE t
    RETURN count(*) AS computed
}
CALL () {
    MATCH (d:StakeholderDraft {negotiation: $negotiation})
    WITH d LIMIT $limit
    DETACH DELETE d
    RETURN count(*) AS drafts
}
CALL () {
    MATCH (s:Stakeholder {negotiation: $negotiation})
    WHERE NOT EXISTS { (s)-[:INITIATED|WITH|DECLARED|HOLDS]-() }
    WITH s LIMIT $limit
    DETACH DELETE s
    RETURN count(*) AS people
}
RETURN contacts + ties + stances + computed + drafts + people AS done
