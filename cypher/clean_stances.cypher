// clean_stances.cypher - up to $limit declared stances of one negotiation tidied after a
// publish or an import that never published: staged versions newer than the published
// generation $gen are deleted, versions it superseded (_end <= $gen) are deleted, and
// removals staged by an import that never published (_end > $gen) are undone. Run until
// done = 0.
// Params: $negotiation, $gen (published generation, 0 when never published), $limit.
// Returns: done (records changed).
CALL () {
    MATCH (x:Stance)
    WHERE x.negotiation = $negotiation AND x._gen > $gen
    WITH x LIMIT $limit
    DETACH DELETE x
    RETURN count(*) AS staged
}
CALL () {
    MATCH (x:Stance)
    WHERE x.negotiation = $negotiation AND x._end IS NOT NULL
    WITH x LIMIT $limit
    WITH x, x._end <= $gen AS superseded
    FOREACH (_ IN CASE WHEN superseded THEN [] ELSE [1] END | REMOVE x._end)
    FOREACH (_ IN CASE WHEN superseded THEN [1] ELSE [] END | DETACH DELETE x)
    RETURN count(*) AS ended
}
RETURN staged + ended AS done
