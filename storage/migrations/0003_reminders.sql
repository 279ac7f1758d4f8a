-- Reminders and digests: every message the jobs mean to send gets a row here BEFORE it is
-- sent (pending) and is marked AFTER the send, so that a restart never sends it twice.
-- project_id is NULL for a digest. SQLite treats NULLs as distinct in UNIQUE, so the
-- "once per person, project, period and kind" rule is an index over IFNULL(project_id, 0).
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES users(telegram_id),
    project_id  INTEGER REFERENCES projects(id),
    period      TEXT NOT NULL,          -- 'YYYY-MM' (CE) of the month the message is about
    kind        TEXT NOT NULL CHECK (kind IN ('day20', 'day25', 'last_day', 'digest')),
    state       TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unreachable')),
    attempts    INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    claimed_at  TEXT NOT NULL,          -- ISO UTC time of the latest claim (injected clock)
    finished_at TEXT,                   -- ISO UTC time the latest attempt ended
    error       TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX deliveries_once ON deliveries(person_id, IFNULL(project_id, 0), period, kind);
CREATE INDEX deliveries_by_period ON deliveries(period, kind);

-- Leave silences officer reminders up to and including ``until``; one row per person.
CREATE TABLE leave (
    user_id    INTEGER PRIMARY KEY REFERENCES users(telegram_id),
    until      TEXT NOT NULL,           -- ISO date, inclusive
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
