// take_import_lock.cypher - the import lock of one negotiation: the first statement of a
// transaction that the importer keeps open until it publishes (or gives up). A second
// import of the same negotiation waits here; a client or server that dies rolls the
// transaction back, which releases the lock at once.
// Params: $negotiation, $holder (host:pid:random of the importer), $now (ISO timestamp).
// Returns: nothing.
MERGE (l:ImportLock {negotiation: $negotiation})
SET l.holder = $holder, l.since = $now
