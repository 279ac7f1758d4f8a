-- Photos are now sent at the summary, so the photo step and its flag go; a draft that waited
-- at the photo step continues at the summary. A text longer than a step takes is kept
-- (pending_text) until the officer chooses to keep its first part or to type it again.
UPDATE report_drafts SET step = 'summary' WHERE step = 'photos';
ALTER TABLE report_drafts DROP COLUMN photos_done;
ALTER TABLE report_drafts ADD COLUMN pending_text TEXT;
