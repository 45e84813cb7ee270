// migrate_v2_copy_stakeholders.cypher - one stakeholder per negotiation: each 0.1.0
// stakeholder (no uid) is copied into every negotiation it takes part in, with the
// same values and that negotiation's written-back metrics.
// Params: $sep (U+001F).
// Returns: copies (number of stakeholders created).
MATCH (s:Stakeholder)-[t:TAKES_PART_IN]->(n:Negotiation)
WHERE s.uid IS NULL
CREATE (c:Stakeholder)-[t2:TAKES_PART_IN]->(n)
SET c = s {.id, .name, .party, .organization, .role, .tier, .kind, .notes, .attributes, .unmapped},
    c.negotiation = n.name, c.uid = n.name + $sep + s.id, t2 = properties(t)
SET c += properties(t)
SET c.gk_negotiation = CASE WHEN size(keys(t)) > 0 THEN n.name END
RETURN count(c) AS copies
