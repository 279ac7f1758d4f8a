-- PostgreSQL's version of 0006_real_pages.sql: the schema changes only. The agency merge of
-- the SQLite file repairs names stored before they were normalised (core/names.py); a
-- PostgreSQL database is new and has only ever stored normal names, so it has nothing to merge.

-- The agency as the imported page wrote it, so that the page exports byte for byte.
ALTER TABLE project_pages ADD COLUMN agency_text TEXT;

-- KPI detail pages, stored on their own by KPI code as the page was written.
CREATE TABLE kpi_pages (
    code        TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);
