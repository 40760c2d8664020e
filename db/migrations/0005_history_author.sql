-- ozg-cockpit schema 5: who made a change in a project's history (the name set in the settings).
ALTER TABLE project_history ADD COLUMN changed_by TEXT NOT NULL DEFAULT '';
