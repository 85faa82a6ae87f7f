-- Audit events are append-only (DESIGN.md "Access control"; docs/security.md). The app has no update or
-- delete path for them; this trigger makes the database refuse one too, whatever issues it (a bug, an
-- injected statement, a hand-typed query in psql as the app's user). Retention beyond the legal period
-- is a deliberate DBA operation: disable the trigger, delete, re-enable, in one audited change.
CREATE OR REPLACE FUNCTION "vitals_audit_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent rows are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "vitals_audit_event_append_only"();
