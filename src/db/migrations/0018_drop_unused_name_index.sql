-- Nothing looks organizations up by their whole lower-cased name any more: support's search uses
-- the trigram and prefix indexes of 0007. One index fewer to write with every organization.
DROP INDEX IF EXISTS organizations_name_idx;
