-- What a BMA project page holds beyond the core schema, kept as written so that an
-- imported page can be exported again in the same layout.

-- Decimals are kept as text, with the digits the page used ("100" versus "100.00").
CREATE TABLE project_pages (
    project_id      INTEGER PRIMARY KEY REFERENCES projects(id),
    percent_text    TEXT NOT NULL,
    responsible     TEXT,
    assessment      TEXT,
    rationale       TEXT NOT NULL,
    budget_code     TEXT,
    objectives      TEXT NOT NULL,
    targets_text    TEXT NOT NULL,
    strategy_json   TEXT NOT NULL DEFAULT '[]',
    plan_times      INTEGER NOT NULL DEFAULT 1,
    weights_json    TEXT NOT NULL DEFAULT '[]',  -- step weights as written, in step order
    latest_entry_on TEXT,
    imported_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE kpis (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects(id),
    position      INTEGER NOT NULL,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    target_text   TEXT NOT NULL,
    achieved_text TEXT,
    kpi_type      TEXT,
    level         TEXT,
    UNIQUE (project_id, code)
);
CREATE INDEX kpis_by_code ON kpis(code);

CREATE TABLE kpi_quarters (
    kpi_id       INTEGER NOT NULL REFERENCES kpis(id),
    position     INTEGER NOT NULL,
    quarter      INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    result_text  TEXT,
    evaluation_a TEXT NOT NULL,
    evaluation_b TEXT NOT NULL,
    PRIMARY KEY (kpi_id, position)
);

CREATE TABLE kpi_details (
    kpi_id        INTEGER PRIMARY KEY REFERENCES kpis(id),
    agency        TEXT,
    fiscal_year   INTEGER,
    definition    TEXT,
    calculation   TEXT,
    sources       TEXT,
    strategy_json TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE kpi_reports (
    kpi_id   INTEGER NOT NULL REFERENCES kpis(id),
    position INTEGER NOT NULL,
    quarter  INTEGER NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (kpi_id, position)
);

CREATE TABLE kpi_projects (
    kpi_id   INTEGER NOT NULL REFERENCES kpis(id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    code     TEXT NOT NULL,
    PRIMARY KEY (kpi_id, position)
);

-- An imported report keeps the entry exactly as the page wrote it.
CREATE TABLE imported_entries (
    report_id      INTEGER PRIMARY KEY REFERENCES reports(id),
    number         INTEGER NOT NULL,
    reported_on    TEXT NOT NULL,
    description    TEXT NOT NULL,
    problems_text  TEXT NOT NULL,
    obstacles_text TEXT NOT NULL
);

-- A file an admin sent, waiting for the confirm button; removed once answered or stale.
CREATE TABLE pending_imports (
    id         TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('project', 'kpi')),
    file_name  TEXT,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
)
