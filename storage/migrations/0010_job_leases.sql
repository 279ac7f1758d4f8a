-- Jobs run once across processes (issue 17): every process schedules the same jobs, and a job
-- runs only in the process holding its family's lease. A lease is free once expires_at (ISO
-- UTC text, always the same width, so that text order is time order) has passed; the holder
-- renews it every few seconds. Portable SQL: one file for SQLite and PostgreSQL.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Every running process writes its heartbeat here: the live ones share Telegram's send budget,
-- and a delivery claimed by a process that stopped beating is resumed by the lease's new holder.
CREATE TABLE bot_processes (
    process_id TEXT PRIMARY KEY,
    seen_at    TEXT NOT NULL
);
CREATE INDEX bot_processes_by_seen ON bot_processes(seen_at);

-- Which process claimed a delivery: NULL for rows written before, or by the CLI.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
