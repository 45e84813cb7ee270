// read_negotiation.cypher - does a negotiation exist (is it published), and which generation
// do readers read.
// Params: $negotiation.
// Returns: name, gen (the published generation), floor (versions older than it may be
//          gone: a reader of an older generation reads again); no row when it does not exist.
MATCH (n:Negotiation {name: $negotiation})
WHERE n.gen IS NOT NULL
RETURN n.name AS name, n.gen AS gen, coalesce(n.floor, 0) AS floor
