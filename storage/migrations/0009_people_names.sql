-- People's names in the one normal form of core/names.py (issue 13), like agencies: the
-- names people registered with, the reporter names stored with reports and the responsible
-- person of each project. normal_name is core.names.normal_optional_name (storage/migrate.py).
UPDATE users SET name = normal_name(name) WHERE name IS NOT normal_name(name);
UPDATE reports SET reporter_name = normal_name(reporter_name)
WHERE reporter_name IS NOT normal_name(reporter_name);
UPDATE projects SET responsible = normal_name(responsible)
WHERE responsible IS NOT normal_name(responsible);
