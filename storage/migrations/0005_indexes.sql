-- Indexes for the queries the bot makes often (checked with EXPLAIN QUERY PLAN in
-- tests/storage/test_indexes.py). Already covered elsewhere: an officer's projects by the
-- assignments primary key (user_id, project_id), the latest revision of a month by
-- UNIQUE (project_id, month, revision) of reports, a month's reports by reports_by_month.

-- A supervisor's project list: the agency's projects already in code order.
CREATE INDEX projects_by_agency_code ON projects(agency_id, code);

-- The composite index serves every lookup the old one did.
DROP INDEX projects_by_agency;

-- People of a role (digest recipients, admin lists) in name order.
CREATE INDEX users_by_role ON users(role, name);
