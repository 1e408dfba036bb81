-- How many days an org keeps its time series; NULL keeps them forever (the default).
ALTER TABLE org ADD COLUMN retention_days INTEGER CHECK (retention_days > 0);
