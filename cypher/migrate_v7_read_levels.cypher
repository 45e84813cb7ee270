// migrate_v7_read_levels.cypher - schema 7: stakeholders and drafts with an extra column
// that may be their declared power or interest (a header that reads as the field, such as
// `field:Power`), to move to the field (graphkit/stores/sqlite_schema.declared_levels).
// Params: none.
// Returns: id (elementId), attributes (list of [header, value] of its `field:<header>`
//          properties).
MATCH (x:Stakeholder|StakeholderDraft)
WITH x, [k IN keys(x) WHERE k STARTS WITH 'field:'
         AND toLower(replace(replace(replace(substring(k, 6), ' ', ''), '_', ''), '-', ''))
             IN ['power', 'interest']] AS found
WHERE size(found) > 0
RETURN elementId(x) AS id, [k IN found | [substring(k, 6), x[k]]] AS attributes
