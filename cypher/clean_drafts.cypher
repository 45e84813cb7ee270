// clean_drafts.cypher - up to $limit staged stakeholder values of one negotiation: those of
// a published generation (gen <= $gen) become the stakeholder's own values, those of an
// import that never published are dropped. Run until done = 0.
// Params: $negotiation, $gen (published generation, 0 when never published), $limit.
// Returns: done (drafts removed).
MATCH (d:StakeholderDraft)
WHERE d.negotiation = $negotiation
WITH d LIMIT $limit
OPTIONAL MATCH (s:Stakeholder)-[:NEXT]->(d)
WITH s, d, d.gen <= $gen AND s IS NOT NULL AS published
FOREACH (_ IN CASE WHEN published THEN [1] ELSE [] END |
    SET s += d {.name, .party, .organization, .role, .tier, .kind, .notes, .attributes,
                .unmapped})
DETACH DELETE d
RETURN count(*) AS done
