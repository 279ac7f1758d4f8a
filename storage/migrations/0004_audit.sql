-- Who changed what: report revisions, role changes, invites and imports. details holds ids,
-- numbers and codes as JSON, never free text a person typed (that stays in its own table).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor      TEXT NOT NULL,           -- the Telegram user id, or 'cli' for the command line
    kind       TEXT NOT NULL CHECK (kind IN ('report_submitted', 'report_revised',
                   'role_changed', 'invite_created', 'invite_used', 'import')),
    project_id INTEGER REFERENCES projects(id),
    details    TEXT NOT NULL DEFAULT '{}',
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX audit_by_project ON audit_log(project_id, id)
