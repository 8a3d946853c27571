-- Support's search at scale: part of a company name (trigrams; the extension is trusted, so the
-- database owner may create it), and short prefixes (a pattern index on the lower-cased name).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX organizations_name_trgm_idx ON organizations USING gin (name gin_trgm_ops);
CREATE INDEX organizations_name_prefix_idx ON organizations (lower(name) text_pattern_ops);
