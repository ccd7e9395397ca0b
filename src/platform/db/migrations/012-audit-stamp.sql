-- The latest change to a partnership's records, read on every plan view to validate cached plans.
CREATE INDEX audit_log_partnership ON audit_log(partnership_id, id);
