-- Real BMA pages and real Thai data (issue 13).

-- One agency per name in its normal form (core/names.py): SARA AM for NIKHAHIT + SARA AA,
-- no zero-width characters, single spaces. Look-alike agencies stored before are merged
-- into the oldest one, with every project, person and invite that pointed at the others.
CREATE TABLE agency_merge AS
SELECT id,
       trim(replace(replace(replace(replace(replace(replace(replace(replace(replace(
           replace(replace(name, char(3661) || char(3634), char(3635)),
           char(8203), ''), char(8204), ''), char(8205), ''), char(8288), ''),
           char(65279), ''), char(160), ' '), char(9), ' '),
           '    ', ' '), '  ', ' '), '  ', ' ')) AS normal
FROM agencies;
CREATE TABLE agency_keep AS
SELECT m.id AS id, (SELECT MIN(o.id) FROM agency_merge o WHERE o.normal = m.normal) AS keep
FROM agency_merge m;
UPDATE projects SET agency_id = (SELECT keep FROM agency_keep k WHERE k.id = projects.agency_id);
UPDATE users SET agency_id = (SELECT keep FROM agency_keep k WHERE k.id = users.agency_id)
WHERE agency_id IS NOT NULL;
UPDATE invites SET agency_id = (SELECT keep FROM agency_keep k WHERE k.id = invites.agency_id)
WHERE agency_id IS NOT NULL;
DELETE FROM agencies WHERE id IN (SELECT id FROM agency_keep WHERE id <> keep);
UPDATE agencies SET name = (SELECT normal FROM agency_merge m WHERE m.id = agencies.id);
DROP TABLE agency_keep;
DROP TABLE agency_merge;

-- The agency as the imported page wrote it, so that the page exports byte for byte.
ALTER TABLE project_pages ADD COLUMN agency_text TEXT;

-- KPI detail pages, stored on their own by KPI code as the page was written: a project
-- naming the KPI finds it by code, whichever of the two was imported first.
CREATE TABLE kpi_pages (
    code        TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
