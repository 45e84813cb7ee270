// clean_drafts.cypher - up to $limit staged stakeholder values of one negotiation: those of
// a published generation (gen <= $gen) become the stakeholder's own values (its extra
// columns, `field:<header>`, become exactly the draft's), those of an import that never
// published are dropped. Run until done = 0.
// Params: $negotiation, $gen (published generation, 0 when never published), $limit.
// Returns: done (drafts removed).
MATCH (d:StakeholderDraft)
WHERE d.negotiation = $negotiation
WITH d LIMIT $limit
OPTIONAL MATCH (s:Stakeholder)-[:NEXT]->(d)
WITH s, d, d.gen <= $gen AND s IS NOT NULL AS published
FOREACH (x IN CASE WHEN published THEN [s] ELSE [] END |
    SET x += d {.name, .party, .organization, .role, .tier, .kind, .power, .interest, .notes,
                .unmapped}
    FOREACH (k IN [k IN keys(x) WHERE k STARTS WITH 'field:' AND NOT k IN keys(d)] |
        REMOVE x[k])
    FOREACH (k IN [k IN keys(d) WHERE k STARTS WITH 'field:'] | SET x[k] = d[k]))
DETACH DELETE d
RETURN count(*) AS done
