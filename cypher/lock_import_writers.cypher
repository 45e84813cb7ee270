// lock_import_writers.cypher - in the transaction of claim_negotiation.cypher: makes sure the
// negotiation's writer slots 0 .. $writers - 1 exist and takes the write lock of every one
// of them (those an earlier graphkit made too), so that the claim waits for every batch in
// flight, and a batch that follows it reads the new claim (lock_import_writer.cypher).
// Params: $negotiation, $writers. Returns: nothing.
UNWIND range(0, $writers - 1) AS slot
MERGE (:ImportWriter {negotiation: $negotiation, slot: slot})
WITH count(*) AS made
MATCH (w:ImportWriter {negotiation: $negotiation})
SET w._lock = true
REMOVE w._lock
