// upsert_stakeholders.cypher - add or update mapped stakeholders, counting what changed.
// Params: $rows: list of {id, props: {name, party, organization, role, tier, kind, notes,
//         attributes (JSON text), unmapped: false}}.
// Returns: one row per status that occurred: status ('added' | 'updated'), rows.
//          Rows not returned were unchanged.
UNWIND $rows AS row
OPTIONAL MATCH (old:Stakeholder {id: row.id})
WITH row, CASE
    WHEN old IS NULL THEN 'added'
    WHEN old {.name, .party, .organization, .role, .tier, .kind, .notes, .attributes, .unmapped} = row.props
        THEN 'unchanged'
    ELSE 'updated'
END AS status
WHERE status <> 'unchanged'
MERGE (s:Stakeholder {id: row.id})
SET s += row.props
RETURN status, count(*) AS rows
