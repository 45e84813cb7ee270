// check_claim.cypher - second statement of every batch of an import, after
// lock_import_writer.cypher: tells whether this importer still owns the negotiation. A batch
// of an importer whose import lock was lost (another import has claimed the negotiation
// since) then writes nothing.
// Params: $negotiation, $holder. Returns: ours (true or false).
MATCH (n:Negotiation {name: $negotiation})
RETURN n._importer = $holder AS ours
