// migrate_v7_set_levels.cypher - schema 7: a stakeholder's (or draft's) declared power and
// interest from the extra columns that held them, which are removed.
// Params: $rows: list of {id (elementId), levels: {power, interest}, remove: list of
//         `field:<header>` property names}.
// Returns: nothing.
UNWIND $rows AS row
MATCH (x)
WHERE elementId(x) = row.id
SET x += row.levels
FOREACH (k IN row.remove | REMOVE x[k])
