-- People change: an officer leaves a project, a project changes hands, someone acts for a
-- colleague for a while, a person leaves. Access follows at once because every scope check
-- reads these tables in the SQL that reads or writes.

-- A deactivated person is a stranger to the bot; a new invite makes them active again.
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- รักษาการ: a person reports on a project for a period. The bounds are UTC instants of the
-- local midnights (start day, day after the end), so SQL compares them with its own clock.
CREATE TABLE acting_assignments (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(telegram_id),
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    starts_on   TEXT NOT NULL,          -- local ISO date, first day
    ends_on     TEXT NOT NULL,          -- local ISO date, last day
    starts_at   TEXT NOT NULL,          -- UTC instant the period begins
    ends_at     TEXT NOT NULL,          -- UTC instant the period ends (exclusive)
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX acting_by_user ON acting_assignments(user_id, project_id);
CREATE INDEX acting_by_project ON acting_assignments(project_id);

-- A report stored whose "saved" message has not been confirmed sent: the officer's next
-- message gets that acknowledgement first.
CREATE TABLE unacknowledged_reports (
    user_id    INTEGER PRIMARY KEY REFERENCES users(telegram_id),
    report_id  INTEGER NOT NULL REFERENCES reports(id),
    chat_id    INTEGER NOT NULL
);

-- How many parts of a multi-part reminder or digest were delivered: a later attempt resumes
-- after them instead of sending the first parts again.
ALTER TABLE deliveries ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;

-- New kinds of audit entries: SQLite cannot change a CHECK, so the table is rebuilt.
CREATE TABLE audit_log_new (
    id         INTEGER PRIMARY KEY,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('report_submitted', 'report_revised',
                   'role_changed', 'invite_created', 'invite_used', 'import',
                   'assignment_removed', 'project_handed_over', 'acting_named',
                   'person_deactivated')),
    project_id INTEGER REFERENCES projects(id),
    details    TEXT NOT NULL DEFAULT '{}',
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO audit_log_new (id, actor, kind, project_id, details, at)
    SELECT id, actor, kind, project_id, details, at FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_by_project ON audit_log(project_id, id)
