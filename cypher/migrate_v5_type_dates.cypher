// migrate_v5_type_dates.cypher - schema 5: a contact's date becomes a Neo4j Date (date
// only) or LocalDateTime (with a time in whole seconds), a declared tie's since and until
// Dates (absent when open: "" is removed). Only where toString gives the same text back
// (what graphkit/stores/neo4j.py _temporal writes); other text (fractions of a second)
// stays text. The stored dates were checked by graphkit when imported (valid ISO dates).
// Params: none. Returns: nothing.
CALL () {
    MATCH (i:Interaction)
    WHERE i.date IS :: STRING
    WITH i, CASE
        WHEN i.date =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN date(i.date)
        WHEN i.date =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
            THEN localdatetime(i.date)
    END AS typed
    WHERE typed IS NOT NULL AND toString(typed) = i.date
    SET i.date = typed
}
CALL () {
    MATCH ()-[d:DECLARED]->()
    WHERE d.since IS :: STRING OR d.until IS :: STRING
    WITH d, [x IN [d.since, d.until] |
        CASE WHEN x = '' THEN null
             WHEN x =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}' THEN date(x)
             ELSE x END] AS typed
    SET d.since = typed[0], d.until = typed[1]
}
