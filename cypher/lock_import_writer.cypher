// lock_import_writer.cypher - first statement of every batch of an import: takes the write
// lock of the batch's writer slot (the locking idiom of the Neo4j manual: set and remove a
// property). An import writes WRITERS batches at once, one per slot, so its batches do not
// wait for each other; a new claim (claim_negotiation.cypher, then
// lock_import_writers.cypher) takes every slot, so it waits for the batches in flight and
// they wait for it. check_claim.cypher then reads the claim, as a second statement: only
// once the lock is held.
// Params: $negotiation, $slot (0 .. WRITERS - 1). Returns: locked (0: no such slot, the
//         negotiation was deleted or claimed anew meanwhile).
OPTIONAL MATCH (w:ImportWriter {negotiation: $negotiation, slot: $slot})
SET w._lock = true
REMOVE w._lock
RETURN count(w) AS locked
