-- The orphan sweep asks which blob keys still belong to a file
-- (KnownBlobKeys): without this index every batch of keys would scan all
-- the files.

CREATE INDEX raw_files_blob_key ON raw_files (blob_key) WHERE deleted_at IS NULL;
