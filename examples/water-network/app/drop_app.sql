-- Drops the whole application; its triggers on data tables go with their functions.
DROP SCHEMA IF EXISTS wn_app CASCADE;
