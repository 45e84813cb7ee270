// end_stances.cypher - stage the removal of declared stances for the import of
// generation $gen (a removal, or the old version of a changed record): the version
// readers of generation $gen would see gets _end = $gen (older readers still see it), or
// is deleted when the import itself staged it.
// Params: $gen, $uids: list of uids. Returns: nothing.
CYPHER replan=force
UNWIND $uids AS uid
CALL (uid) {
    MATCH (x:Stance {uid: uid})
    USING INDEX SEEK x:Stance(uid)
    WHERE coalesce(x._gen, 0) <= $gen AND x._end IS NULL
    WITH x, x._gen = $gen AS staged
    FOREACH (_ IN CASE WHEN staged THEN [] ELSE [1] END | SET x._end = $gen)
    FOREACH (_ IN CASE WHEN staged THEN [1] ELSE [] END | DETACH DELETE x)
}
