// delete_negotiation.cypher - remove a negotiation: its contacts, declared ties and
// memberships, then the stakeholders no other negotiation uses.
// Params: $negotiation.
// Returns: deleted (1 when the negotiation existed, else 0).
OPTIONAL MATCH (n:Negotiation {name: $negotiation})
CALL (n) {
    MATCH (i:Interaction {negotiation: n.name})
    DETACH DELETE i
}
CALL (n) {
    MATCH ()-[d:DECLARED {negotiation: n.name}]->()
    DELETE d
}
CALL (n) {
    MATCH (s:Stakeholder)-[:TAKES_PART_IN]->(n)
    WHERE COUNT { (s)-[:TAKES_PART_IN]->() } = 1
    DETACH DELETE s
}
DETACH DELETE n
RETURN count(n) AS deleted
