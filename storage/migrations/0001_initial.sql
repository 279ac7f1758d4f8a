-- The schema follows the BMA project pages: agencies own projects, projects have weighted
-- plan steps and monthly progress reports; people reach them through roles and assignments.

CREATE TABLE agencies (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    division    TEXT,
    fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2400 AND 2700),
    responsible TEXT,
    phone       TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX projects_by_agency ON projects(agency_id);

-- Weights are kept in hundredths of a percent so sums stay exact.
CREATE TABLE plan_steps (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects(id),
    step_order        INTEGER NOT NULL,
    description       TEXT NOT NULL,
    weight_hundredths INTEGER NOT NULL CHECK (weight_hundredths BETWEEN 0 AND 10000),
    start_date        TEXT NOT NULL,
    end_date          TEXT NOT NULL,
    UNIQUE (project_id, step_order)
);

CREATE TABLE users (
    telegram_id INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
    agency_id   INTEGER REFERENCES agencies(id),
    language    TEXT NOT NULL DEFAULT 'th',
    reachable   INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE assignments (
    user_id    INTEGER NOT NULL REFERENCES users(telegram_id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    PRIMARY KEY (user_id, project_id)
);
CREATE INDEX assignments_by_project ON assignments(project_id);

-- A report is never updated: a correction is a new row with the next revision.
CREATE TABLE reports (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES projects(id),
    month              TEXT NOT NULL,          -- 'YYYY-MM' (CE) of the reported month
    revision           INTEGER NOT NULL CHECK (revision >= 1),
    percent_hundredths INTEGER NOT NULL CHECK (percent_hundredths BETWEEN 0 AND 10000),
    reported_on        TEXT NOT NULL,          -- ISO date
    work_done          TEXT NOT NULL,
    problems           TEXT,                   -- NULL means ไม่มี
    obstacles          TEXT,
    decrease_reason    TEXT,
    reporter_id        INTEGER REFERENCES users(telegram_id),
    reporter_name      TEXT,
    imported           INTEGER NOT NULL DEFAULT 0,
    idempotency_key    TEXT UNIQUE,            -- the draft that became this report
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (project_id, month, revision)
);
CREATE INDEX reports_by_month ON reports(month, project_id);

CREATE TABLE report_photos (
    report_id      INTEGER NOT NULL REFERENCES reports(id),
    position       INTEGER NOT NULL,
    file_id        TEXT NOT NULL,
    file_unique_id TEXT,
    PRIMARY KEY (report_id, position)
);

-- The answers of a report conversation, written as they arrive so that a crash loses nothing.
CREATE TABLE report_drafts (
    user_id            INTEGER PRIMARY KEY REFERENCES users(telegram_id),
    draft_key          TEXT NOT NULL UNIQUE,
    chat_id            INTEGER NOT NULL,
    project_id         INTEGER NOT NULL REFERENCES projects(id),
    month              TEXT NOT NULL,
    step               TEXT NOT NULL,
    correcting         INTEGER NOT NULL DEFAULT 0,
    percent_hundredths INTEGER,
    decrease_reason    TEXT,
    work_done          TEXT,
    problems           TEXT,
    problems_answered  INTEGER NOT NULL DEFAULT 0,
    obstacles          TEXT,
    obstacles_answered INTEGER NOT NULL DEFAULT 0,
    photos_json        TEXT NOT NULL DEFAULT '[]',
    photos_done        INTEGER NOT NULL DEFAULT 0,
    last_update_id     INTEGER NOT NULL DEFAULT 0,
    updated_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,          -- sha256 of the token, never the token itself
    role        TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
    agency_id   INTEGER REFERENCES agencies(id),
    created_by  INTEGER,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at  TEXT NOT NULL,
    used_by     INTEGER,
    used_at     TEXT
);

CREATE TABLE invite_projects (
    invite_id  INTEGER NOT NULL REFERENCES invites(id),
    project_id INTEGER NOT NULL REFERENCES projects(id),
    PRIMARY KEY (invite_id, project_id)
);

-- Updates already handled: Telegram delivers the last batch again after a crash.
CREATE TABLE processed_updates (
    update_id    INTEGER PRIMARY KEY,
    processed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE bot_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
