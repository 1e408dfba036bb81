-- Whether a device's streamer reports must carry a keyed signature (issue 16 point 2). 0: a hash-only report is
-- accepted, as IOTile devices send them by default; 1: hash-only and unsigned reports are refused.
ALTER TABLE device ADD COLUMN requires_signed_reports INTEGER NOT NULL DEFAULT 0;
