// schema.cypher - constraints and indexes, created idempotently.
// Statements are separated by ';' and run one by one.
// A stakeholder belongs to one negotiation: uid = negotiation + U+001F + id. A contact or
// declared tie may have two versions at once (the published one and an import's staged
// one, schema 4), so their uids are indexed, not unique.
// Computed ties written back (TIE, schema 5) are indexed by negotiation and write-back.
// Params: none. Returns: nothing.
CREATE CONSTRAINT stakeholder_uid IF NOT EXISTS FOR (s:Stakeholder) REQUIRE s.uid IS UNIQUE;
CREATE INDEX stakeholder_negotiation IF NOT EXISTS FOR (s:Stakeholder) ON (s.negotiation);
CREATE CONSTRAINT negotiation_name IF NOT EXISTS FOR (n:Negotiation) REQUIRE n.name IS UNIQUE;
CREATE INDEX interaction_uid_version IF NOT EXISTS FOR (i:Interaction) ON (i.uid);
CREATE INDEX interaction_negotiation_date IF NOT EXISTS FOR (i:Interaction) ON (i.negotiation, i.date);
CREATE INDEX declared_uid IF NOT EXISTS FOR ()-[d:DECLARED]-() ON (d.uid);
CREATE INDEX declared_negotiation IF NOT EXISTS FOR ()-[d:DECLARED]-() ON (d.negotiation);
CREATE CONSTRAINT graphkit_schema_name IF NOT EXISTS FOR (m:GraphkitSchema) REQUIRE m.name IS UNIQUE;
CREATE CONSTRAINT import_lock_negotiation IF NOT EXISTS FOR (l:ImportLock) REQUIRE l.negotiation IS UNIQUE;
CREATE CONSTRAINT import_writer_slot IF NOT EXISTS FOR (w:ImportWriter) REQUIRE (w.negotiation, w.slot) IS UNIQUE;
CREATE INDEX stakeholder_gen IF NOT EXISTS FOR (s:Stakeholder) ON (s.negotiation, s._gen);
CREATE INDEX stakeholder_end IF NOT EXISTS FOR (s:Stakeholder) ON (s.negotiation, s._end);
CREATE INDEX interaction_gen IF NOT EXISTS FOR (i:Interaction) ON (i.negotiation, i._gen);
CREATE INDEX interaction_end IF NOT EXISTS FOR (i:Interaction) ON (i.negotiation, i._end);
CREATE INDEX declared_gen IF NOT EXISTS FOR ()-[d:DECLARED]-() ON (d.negotiation, d._gen);
CREATE INDEX declared_end IF NOT EXISTS FOR ()-[d:DECLARED]-() ON (d.negotiation, d._end);
CREATE INDEX draft_negotiation IF NOT EXISTS FOR (d:StakeholderDraft) ON (d.negotiation);
CREATE INDEX stance_uid_version IF NOT EXISTS FOR (x:Stance) ON (x.uid);
CREATE INDEX stance_negotiation IF NOT EXISTS FOR (x:Stance) ON (x.negotiation, x._gen);
CREATE INDEX stance_end IF NOT EXISTS FOR (x:Stance) ON (x.negotiation, x._end);
CREATE INDEX tie_negotiation IF NOT EXISTS FOR ()-[t:TIE]-() ON (t.negotiation, t.write)
