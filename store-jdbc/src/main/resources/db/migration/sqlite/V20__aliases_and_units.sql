-- Issue 16, points 6 and 7: stream aliases with their taps, var types with their units (seeded below), and the
-- unit settings of variables and streams. Readings stay stored raw; units convert them on the way out.

-- An alias's slug is a-- plus its id in four hex groups (computed, not stored).
CREATE TABLE stream_alias (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    created_on INTEGER NOT NULL,
    created_by INTEGER
);
CREATE INDEX stream_alias_org ON stream_alias (org_id);

-- From ts on (until the alias's next tap) the alias reads stream_id. A deleted stream takes its taps along.
CREATE TABLE stream_alias_tap (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    alias_id   INTEGER NOT NULL REFERENCES stream_alias (id) ON DELETE CASCADE,
    ts         INTEGER NOT NULL,
    stream_id  INTEGER NOT NULL REFERENCES stream (id) ON DELETE CASCADE,
    created_on INTEGER NOT NULL,
    created_by INTEGER
);
CREATE INDEX stream_alias_tap_alias ON stream_alias_tap (alias_id, ts);
CREATE INDEX stream_alias_tap_stream ON stream_alias_tap (stream_id);

CREATE TABLE var_type (
    slug               TEXT PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    storage_units_full TEXT NOT NULL,
    stream_data_type   TEXT NOT NULL,
    decoder            TEXT
);

-- value = raw * m / d + o; m and d are never 0.
CREATE TABLE var_type_unit (
    slug           TEXT PRIMARY KEY,
    var_type       TEXT    NOT NULL REFERENCES var_type (slug) ON DELETE CASCADE,
    direction      TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    position       INTEGER NOT NULL,
    unit_full      TEXT    NOT NULL,
    unit_short     TEXT    NOT NULL,
    m              INTEGER NOT NULL CHECK (m <> 0),
    d              INTEGER NOT NULL CHECK (d <> 0),
    o              REAL    NOT NULL,
    decimal_places INTEGER,
    derived_units  TEXT
);
CREATE INDEX var_type_unit_type ON var_type_unit (var_type, direction, position);

-- A variable's units; a stream's row overrides its variable's field by field (NULL: as the variable).
CREATE TABLE variable_units (
    variable_id    INTEGER PRIMARY KEY REFERENCES variable (id) ON DELETE CASCADE,
    var_type       TEXT REFERENCES var_type (slug),
    input_unit     TEXT REFERENCES var_type_unit (slug),
    output_unit    TEXT REFERENCES var_type_unit (slug),
    m              INTEGER CHECK (m <> 0),
    d              INTEGER CHECK (d <> 0),
    o              REAL,
    decimal_places INTEGER
);

CREATE TABLE stream_units (
    stream_id      INTEGER PRIMARY KEY REFERENCES stream (id) ON DELETE CASCADE,
    var_type       TEXT REFERENCES var_type (slug),
    input_unit     TEXT REFERENCES var_type_unit (slug),
    output_unit    TEXT REFERENCES var_type_unit (slug),
    m              INTEGER CHECK (m <> 0),
    d              INTEGER CHECK (d <> 0),
    o              REAL,
    decimal_places INTEGER
);

-- The common IOTile var types and their units, as the reference server's var type data has them.
INSERT INTO var_type (slug, name, storage_units_full, stream_data_type, decoder) VALUES
    ('420-milliamps', '420 Milliamps', 'Milliamps', 'D0', NULL),
    ('acceleration', 'Acceleration', 'gravity', 'D0', NULL),
    ('accelerometer-event', 'Accelerometer Event', 'Event', 'E1', '{"raw_packet_format":"<LLLL","packet_info":{"decoding":["H{axis:2,peak:14}","H{duration}","l{delta_v_x}","l{delta_v_y}","l{delta_v_z}"],"transform":{"axis":{"map":{"0":"x","1":"y","2":"z"}},"peak":{"mdo":[49,1000,0.0]},"delta_v_x":{"mdo":[1,65536,0.0]},"delta_v_y":{"mdo":[1,65536,0.0]},"delta_v_z":{"mdo":[1,65536,0.0]}}}}'),
    ('count', 'Count', '', 'D0', NULL),
    ('current', 'Current', 'Amps', 'D0', NULL),
    ('default-event', 'Default Event', 'Event', 'E3', NULL),
    ('default', 'Default', 'Unit', 'D0', NULL),
    ('dust-density', 'Dust Density', 'ug/m^3', 'D0', NULL),
    ('electrical-conductivity', 'Electrical Conductivity', 'uS/cm', 'D0', NULL),
    ('none', 'None', '', 'D0', NULL),
    ('pod-1m-accelerometer-v2', 'POD-1M Accelerometer V2', 'Event', 'E3', NULL),
    ('pod-1m-accelerometer', 'POD-1M Accelerometer', 'Event', 'E2', NULL),
    ('pressure', 'Pressure', 'Pascal', 'D0', NULL),
    ('pulse-rate', 'Pulse Rate', 'ppm', 'D0', NULL),
    ('relative-humidity', 'Relative Humidity', 'Percent RH', 'D0', NULL),
    ('saver-event', 'Saver Event', 'Event', 'E0', NULL),
    ('soil-moisture-percent', 'Soil Moisture Percent', 'Percent', 'D0', NULL),
    ('temp', 'Temp', 'Kelvin', 'D0', NULL),
    ('trip-summary', 'Trip Summary', 'Event', 'E0', NULL),
    ('water-meter-flow', 'Water Meter Flow', 'Liter', 'D0', NULL),
    ('water-meter-volume', 'Water Meter Volume', 'Liter', 'D0', NULL);

INSERT INTO var_type_unit (slug, var_type, direction, position, unit_full, unit_short, m, d, o, decimal_places, derived_units) VALUES
    ('in--420-milliamps--milliamps', '420-milliamps', 'in', 0, 'Milliamps', 'mA', 28, 4095, 0.0, NULL, NULL),
    ('out--420-milliamps--milliamps', '420-milliamps', 'out', 0, 'Milliamps', 'mA', 1, 1, 0.0, 1, NULL),
    ('out--420-milliamps--0-100-psi', '420-milliamps', 'out', 1, '0-100 psi', 'psi', 100, 16, -25.0, 0, NULL),
    ('out--420-milliamps--0-200-psi', '420-milliamps', 'out', 2, '0-200 psi', 'psi', 200, 16, -50.0, 0, NULL),
    ('out--420-milliamps--0-4000-gpm', '420-milliamps', 'out', 3, '0-4000 GPM', 'gpm', 4000, 16, -1000.0, 0, NULL),
    ('in--acceleration--pod1-a', 'acceleration', 'in', 0, 'POD1-A', 'P1A', 49, 1000, 0.0, NULL, NULL),
    ('out--acceleration--gravity', 'acceleration', 'out', 0, 'gravity', 'g', 1, 1, 0.0, 1, NULL),
    ('in--count--na', 'count', 'in', 0, 'N/A', '', 1, 1, 0.0, NULL, NULL),
    ('out--count--na', 'count', 'out', 0, 'N/A', '', 1, 1, 0.0, 0, '{"rate":{"rpm":{"m":1,"d":10}}}'),
    ('in--current--amps', 'current', 'in', 0, 'Amps', 'A', 1, 1, 0.0, NULL, NULL),
    ('out--current--amps', 'current', 'out', 0, 'Amps', 'A', 1, 1, 0.0, 1, NULL),
    ('out--current--milliamps', 'current', 'out', 1, 'Milliamps', 'mA', 1000, 1, 0.0, 0, NULL),
    ('in--default--unit', 'default', 'in', 0, 'Unit', '', 1, 1, 0.0, NULL, NULL),
    ('out--default--unit', 'default', 'out', 0, 'Unit', '', 1, 1, 0.0, 1, NULL),
    ('in--dust-density--mgm3', 'dust-density', 'in', 0, 'mg/m^3', 'mg/m3', 2000, 14625, -80.0, NULL, NULL),
    ('out--dust-density--ugm3', 'dust-density', 'out', 0, 'ug/m^3', 'ug/m3', 1, 1, 0.0, 1, NULL),
    ('out--dust-density--mgm3', 'dust-density', 'out', 1, 'mg/m^3', 'mg/m3', 1, 1000, 0.0, 1, NULL),
    ('in--electrical-conductivity--gs3-decagon', 'electrical-conductivity', 'in', 0, 'GS3-Decagon', 'uS/cm', 1, 1000, 0.0, NULL, NULL),
    ('out--electrical-conductivity--uscm', 'electrical-conductivity', 'out', 0, 'uS/cm', 'uS/cm', 1, 1, 0.0, 3, NULL),
    ('out--electrical-conductivity--mscm', 'electrical-conductivity', 'out', 1, 'mS/cm', 'mS/cm', 1, 1000, 0.0, 3, NULL),
    ('in--none--na', 'none', 'in', 0, 'N/A', '', 1, 1, 0.0, NULL, NULL),
    ('out--none--na', 'none', 'out', 0, 'N/A', '', 1, 1, 0.0, 1, NULL),
    ('in--pressure--lansmont-saver', 'pressure', 'in', 0, 'Lansmont Saver', '', 100, 1000000, 0.0, NULL, NULL),
    ('in--pressure--pod1-m', 'pressure', 'in', 1, 'POD1-M', '', 1, 1, 0.0, NULL, NULL),
    ('out--pressure--pascal', 'pressure', 'out', 0, 'Pascal', 'Pa', 1, 1, 0.0, 1, NULL),
    ('out--pressure--hectopascal', 'pressure', 'out', 1, 'Hectopascal', 'hPa', 1, 100, 0.0, 0, NULL),
    ('out--pressure--millibar', 'pressure', 'out', 2, 'Millibar', 'mbar', 1, 100, 0.0, 0, NULL),
    ('out--pressure--psi', 'pressure', 'out', 3, 'PSI', 'psi', 145038, 1000000000, 0.0, 2, NULL),
    ('in--pulse-rate--ppm', 'pulse-rate', 'in', 0, 'PPM', 'ppm', 1, 65536, 0.0, NULL, NULL),
    ('out--pulse-rate--rpm', 'pulse-rate', 'out', 0, 'RPM', 'rpm', 1, 1, 0.0, 0, NULL),
    ('out--pulse-rate--ppm', 'pulse-rate', 'out', 1, 'PPM', 'ppm', 1, 1, 0.0, 0, NULL),
    ('in--relative-humidity--lansmont-saver', 'relative-humidity', 'in', 0, 'Lansmont Saver', '% RH', 1, 1000000, 0.0, NULL, NULL),
    ('in--relative-humidity--pod1-m', 'relative-humidity', 'in', 1, 'POD1-M', '%', 1, 1024, 0.0, NULL, NULL),
    ('out--relative-humidity--percent', 'relative-humidity', 'out', 0, 'Percent', '% RH', 1, 1, 0.0, 1, NULL),
    ('in--soil-moisture-percent--percent', 'soil-moisture-percent', 'in', 0, 'Percent', '%', 100, 4095, 0.0, NULL, NULL),
    ('in--soil-moisture-percent--ec-5', 'soil-moisture-percent', 'in', 1, 'EC-5', '%', 4103, 40950, -46.875, NULL, NULL),
    ('in--soil-moisture-percent--gs3-decagon', 'soil-moisture-percent', 'in', 2, 'GS3-Decagon', '%', 1, 80000, 0.0, NULL, NULL),
    ('out--soil-moisture-percent--percent', 'soil-moisture-percent', 'out', 0, 'Percent', '%', 1, 1, 0.0, 1, NULL),
    ('in--temp--lm35', 'temp', 'in', 0, 'LM35', 'mA', 280, 4095, 273.15, NULL, NULL),
    ('in--temp--tmp36', 'temp', 'in', 1, 'TMP36', 'mA', 280, 4095, 223.15, NULL, NULL),
    ('in--temp--10k-thermistor', 'temp', 'in', 2, '10K-Thermistor', 'U', -2995, 146250, 323.1, NULL, NULL),
    ('in--temp--minit-ext-1515c', 'temp', 'in', 3, 'miniT-Ext: -15:15C', 'U', -2943, 146250, 322.43, NULL, NULL),
    ('in--temp--minit-ext-1535c', 'temp', 'in', 4, 'miniT-Ext: 15:35C', 'U', -3790, 146250, 331.68, NULL, NULL),
    ('in--temp--minit-int-1515c', 'temp', 'in', 5, 'miniT-Int: -15:15C', 'U', -3280, 146250, 324.77, NULL, NULL),
    ('in--temp--minit-int-1535c', 'temp', 'in', 6, 'miniT-Int: 15:35C', 'U', -4362, 146250, 336.65, NULL, NULL),
    ('in--temp--pod1-m', 'temp', 'in', 7, 'POD1-M', 'C', 1, 100, 273.15, NULL, NULL),
    ('in--temp--lansmont-saver', 'temp', 'in', 8, 'Lansmont Saver', 'C', 1, 1000000, 273.15, NULL, NULL),
    ('in--temp--gs3-decagon', 'temp', 'in', 9, 'GS3-Decagon', 'U', 1, 1000, 273.15, NULL, NULL),
    ('in--temp--millikelvin', 'temp', 'in', 10, 'milliKelvin', 'mK', 1, 1000, 0.0, NULL, NULL),
    ('out--temp--kelvin', 'temp', 'out', 0, 'Kelvin', 'K', 1, 1, 0.0, 1, NULL),
    ('out--temp--celsius', 'temp', 'out', 1, 'Celsius', 'C', 1, 1, -273.15, 1, NULL),
    ('out--temp--fahrenheit', 'temp', 'out', 2, 'Fahrenheit', 'F', 9, 5, -459.67, 1, NULL),
    ('in--water-meter-flow--liters', 'water-meter-flow', 'in', 0, 'Liters', 'L', 1, 65536, 0.0, NULL, NULL),
    ('in--water-meter-flow--gallons', 'water-meter-flow', 'in', 1, 'Gallons', 'G', 3785, 65536000, 0.0, NULL, NULL),
    ('in--water-meter-flow--cubic-meters', 'water-meter-flow', 'in', 2, 'Cubic Meters', 'M^3', 1000, 65536, 0.0, NULL, NULL),
    ('in--water-meter-flow--acre-feet', 'water-meter-flow', 'in', 3, 'Acre Feet', 'A.F.', 123348185, 6553600, 0.0, NULL, NULL),
    ('in--water-meter-flow--barrels-oil', 'water-meter-flow', 'in', 4, 'Barrels (Oil)', 'BBL', 158987, 65536000, 0.0, NULL, NULL),
    ('out--water-meter-flow--cubic-meters-per-hr', 'water-meter-flow', 'out', 0, 'Cubic Meters per Hr', 'M^3/H', 60, 1000, 0.0, 1, NULL),
    ('out--water-meter-flow--liters-per-hr', 'water-meter-flow', 'out', 1, 'Liters per Hr', 'LPH', 60, 1, 0.0, 1, NULL),
    ('out--water-meter-flow--liters-per-min', 'water-meter-flow', 'out', 2, 'Liters per Min', 'LPM', 1, 1, 0.0, 1, NULL),
    ('out--water-meter-flow--gallons-per-min', 'water-meter-flow', 'out', 3, 'Gallons per Min', 'GPM', 100000, 378541, 0.0, 1, NULL),
    ('out--water-meter-flow--gallons-per-hr', 'water-meter-flow', 'out', 4, 'Gallons per Hr', 'GPH', 6000000, 378541, 0.0, 1, NULL),
    ('out--water-meter-flow--barrels-oil-min', 'water-meter-flow', 'out', 5, 'Barrels (Oil) / Min', 'BBL/M', 60000, 158987, 0.0, 2, NULL),
    ('in--water-meter-volume--liters', 'water-meter-volume', 'in', 0, 'Liters', 'L', 1, 1, 0.0, NULL, NULL),
    ('in--water-meter-volume--gallons', 'water-meter-volume', 'in', 1, 'Gallons', 'G', 378541, 100000, 0.0, NULL, NULL),
    ('in--water-meter-volume--cubic-meters', 'water-meter-volume', 'in', 2, 'Cubic Meters', 'M^3', 1000, 1, 0.0, NULL, NULL),
    ('in--water-meter-volume--acre-feet', 'water-meter-volume', 'in', 3, 'Acre Feet', 'A.F.', 123348185, 100, 0.0, NULL, NULL),
    ('in--water-meter-volume--barrels-oil', 'water-meter-volume', 'in', 4, 'Barrels (Oil)', 'BBL', 158987, 1000, 0.0, NULL, NULL),
    ('out--water-meter-volume--cubic-meters', 'water-meter-volume', 'out', 0, 'Cubic Meters', 'M^3', 1, 1000, 0.0, 0, NULL),
    ('out--water-meter-volume--acre-feet', 'water-meter-volume', 'out', 1, 'Acre Feet', 'A.F.', 100, 123348185, 0.0, 0, NULL),
    ('out--water-meter-volume--liters', 'water-meter-volume', 'out', 2, 'Liters', 'L', 1, 1, 0.0, 0, '{"rate":{"lpm":{"m":1,"d":10},"lph":{"m":6,"d":1}}}'),
    ('out--water-meter-volume--gallons', 'water-meter-volume', 'out', 3, 'Gallons', 'G', 100000, 378541, 0.0, 0, '{"rate":{"gph":{"m":6,"d":1},"gpm":{"m":1,"d":10}}}'),
    ('out--water-meter-volume--barrels-oil', 'water-meter-volume', 'out', 4, 'Barrels (Oil)', 'BBL', 1000, 158987, 0.0, 0, NULL);
