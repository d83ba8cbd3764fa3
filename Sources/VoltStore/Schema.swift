import GRDB

/// The store's schema as versioned migrations. A migration once shipped is never edited: a
/// change is a new migration, so every store opened by a later volt is brought up to date.
enum Schema {
    /// Open-ended intervals are stored with this end so that the natural keys and the
    /// "active in a window" queries need no NULL handling. It never leaves the store.
    static let openEnd = Int64.max

    /// Indexes on links that a bulk load drops and builds again once at the end (one sort each,
    /// instead of a random index insert per link). By destination: with the natural key, which
    /// starts with the source, an entity's links are found from either end. There is no index by
    /// link time yet: "active in a window" is not served by an index on start alone, and one
    /// cost 12% of a 1M-link import; the temporal queries will add what they measure they need.
    /// The index that makes a link's natural key unique (the upsert's conflict target).
    static let linkKeyIndex = "CREATE UNIQUE INDEX IF NOT EXISTS link_key ON link(src, dst, type, start_time, end_time, source, ref)"

    static let linkSecondaryIndexes: [(name: String, create: String)] = [
        ("link_dst", "CREATE INDEX IF NOT EXISTS link_dst ON link(dst)"),
    ]

    /// The trigger that keeps the log append-only (dropped and made again only by a redaction).
    static let noUpdateTrigger = """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
        """

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: VOLT entities, links, sightings, missing episodes, audit log") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE entity (
                    n INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('person', 'location', 'theme')),
                    name TEXT NOT NULL,
                    is_victim INTEGER NOT NULL DEFAULT 0,
                    victim_since INTEGER,
                    is_offender INTEGER NOT NULL DEFAULT 0,
                    offender_since INTEGER,
                    date_of_birth TEXT,
                    age_band TEXT,
                    gender TEXT,
                    ethnicity TEXT,
                    category TEXT,
                    latitude REAL,
                    longitude REAL,
                    area TEXT,
                    review_date TEXT
                );
                CREATE INDEX entity_kind ON entity(kind);
                CREATE INDEX entity_review ON entity(review_date) WHERE review_date IS NOT NULL;

                CREATE TABLE entity_ref (
                    entity INTEGER NOT NULL REFERENCES entity(n) ON DELETE CASCADE,
                    agency TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    PRIMARY KEY (entity, agency, reference)
                ) WITHOUT ROWID;

                CREATE TABLE link (
                    n INTEGER PRIMARY KEY,
                    src INTEGER NOT NULL REFERENCES entity(n),
                    dst INTEGER NOT NULL REFERENCES entity(n),
                    type TEXT NOT NULL,
                    start_time INTEGER NOT NULL,
                    end_time INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    ref TEXT NOT NULL DEFAULT '',
                    recorded_at INTEGER,
                    grade_source INTEGER,
                    grade_intel TEXT,
                    grade_handling TEXT,
                    weight REAL
                );
                -- The natural key: re-importing a file finds its links here and adds nothing.
                CREATE UNIQUE INDEX link_key ON link(src, dst, type, start_time, end_time, source, ref);
                \(linkSecondaryIndexes.map { $0.create + ";" }.joined(separator: "\n"))

                CREATE TABLE sighting (
                    n INTEGER PRIMARY KEY,
                    person INTEGER NOT NULL REFERENCES entity(n),
                    location INTEGER NOT NULL REFERENCES entity(n),
                    time INTEGER NOT NULL,
                    end_time INTEGER,
                    source TEXT NOT NULL,
                    ref TEXT NOT NULL DEFAULT '',
                    recorded_at INTEGER,
                    grade_source INTEGER,
                    grade_intel TEXT,
                    grade_handling TEXT
                );
                -- Ordered by (location, time): the co-location sweep reads it in this order.
                CREATE UNIQUE INDEX sighting_key ON sighting(location, time, person, source, ref);
                CREATE INDEX sighting_person ON sighting(person, time);

                CREATE TABLE missing (
                    n INTEGER PRIMARY KEY,
                    person INTEGER NOT NULL REFERENCES entity(n),
                    start_time INTEGER NOT NULL,
                    end_time INTEGER,
                    found_at INTEGER REFERENCES entity(n),
                    source TEXT NOT NULL,
                    ref TEXT NOT NULL DEFAULT '',
                    recorded_at INTEGER
                );
                CREATE UNIQUE INDEX missing_key ON missing(person, start_time, source, ref);
                CREATE INDEX missing_time ON missing(start_time);

                -- DPA 2018 s.62 log: hash-chained, append-only.
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    action TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                -- The head is kept apart from the rows so that deleting the newest entry shows.
                CREATE TABLE audit_head (
                    one INTEGER PRIMARY KEY CHECK (one = 1),
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                INSERT INTO audit_head(one, seq, hash) VALUES (1, 0, '\(AuditLog.genesis)');
                \(noUpdateTrigger);
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        // Erasure lasts: the ids erased, and when, so an import cannot bring them back unnoticed.
        m.registerMigration("v2: erased ids") { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS erased (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID")
        }
        // The panels' casework. A subject is a person or location (`subject`, an entity) or a
        // named group (`subject_group`), never both; erasing either erases its casework.
        m.registerMigration("v3: casework") { db in
            try db.execute(sql: """
                CREATE TABLE subject_group (
                    n INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT,
                    detected_at INTEGER  -- set when volt found the group (not recorded by an agency)
                );
                -- Who a group was found to be, each time it was found (by method and day), so that
                -- the next finding is matched against its latest members, not only the first.
                CREATE TABLE group_track (
                    grp INTEGER NOT NULL REFERENCES subject_group(n),
                    method TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    member INTEGER NOT NULL REFERENCES entity(n),
                    PRIMARY KEY (grp, method, at, member)
                ) WITHOUT ROWID;
                CREATE INDEX group_track_member ON group_track(member);
                CREATE TABLE group_member (
                    n INTEGER PRIMARY KEY,
                    grp INTEGER NOT NULL REFERENCES subject_group(n),
                    member INTEGER NOT NULL REFERENCES entity(n),
                    from_time INTEGER NOT NULL,
                    to_time INTEGER
                );
                CREATE UNIQUE INDEX group_member_key ON group_member(grp, member, from_time);
                CREATE INDEX group_member_person ON group_member(member);
                CREATE TABLE meeting (
                    n INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    forum TEXT NOT NULL,
                    date INTEGER NOT NULL,
                    chair TEXT
                );
                CREATE TABLE referral (
                    n INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    subject INTEGER REFERENCES entity(n),
                    subject_group INTEGER REFERENCES subject_group(n),
                    date INTEGER NOT NULL,
                    agency TEXT NOT NULL,
                    reason TEXT, themes TEXT, contexts TEXT, forum TEXT, outcome TEXT, referrer TEXT,
                    CHECK ((subject IS NULL) <> (subject_group IS NULL))
                );
                CREATE INDEX referral_date ON referral(date);
                CREATE INDEX referral_subject ON referral(subject);
                CREATE TABLE case_status (
                    n INTEGER PRIMARY KEY,
                    person INTEGER NOT NULL REFERENCES entity(n),
                    status TEXT NOT NULL,
                    from_time INTEGER NOT NULL,
                    to_time INTEGER,
                    agency TEXT NOT NULL DEFAULT '',
                    lead TEXT
                );
                CREATE UNIQUE INDEX case_status_key ON case_status(person, status, from_time, agency);
                CREATE TABLE panel_action (
                    n INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    subject INTEGER REFERENCES entity(n),
                    subject_group INTEGER REFERENCES subject_group(n),
                    meeting INTEGER NOT NULL REFERENCES meeting(n),
                    owner TEXT NOT NULL,
                    description TEXT NOT NULL,
                    due INTEGER, closed INTEGER, decision TEXT, contexts TEXT,
                    CHECK ((subject IS NULL) <> (subject_group IS NULL))
                );
                CREATE TABLE outcome (
                    n INTEGER PRIMARY KEY,
                    subject INTEGER REFERENCES entity(n),
                    subject_group INTEGER REFERENCES subject_group(n),
                    type TEXT NOT NULL,
                    date INTEGER NOT NULL,
                    agency TEXT NOT NULL,
                    ref TEXT NOT NULL DEFAULT '',
                    note TEXT,
                    CHECK ((subject IS NULL) <> (subject_group IS NULL))
                );
                CREATE INDEX outcome_subject ON outcome(subject);
                ALTER TABLE missing ADD COLUMN return_interview INTEGER;
                ALTER TABLE missing ADD COLUMN return_interview_by TEXT;
                """)
        }
        // The chain covers the data: a change's entry records each table's digest after it.
        m.registerMigration("v4: audit content") { db in
            try db.execute(sql: "ALTER TABLE audit_log ADD COLUMN content TEXT")
        }
        // Who may act and why (named analysts, a list of purposes), kept with the data and
        // covered by the chain; and the digest of each entry's text, so an erased name can be
        // redacted from earlier entries without breaking the chain.
        m.registerMigration("v5: configuration, redactable audit text") { db in
            try db.execute(sql: """
                CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                ALTER TABLE audit_log ADD COLUMN text_digest TEXT;
                """)
        }
        // Workspace accounts: name, role, forums, a bcrypt hash; disabled, never deleted.
        m.registerMigration("v6: workspace users") { db in
            try db.execute(sql: """
                CREATE TABLE workspace_user (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL,
                    forums TEXT NOT NULL DEFAULT '',
                    password_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    disabled_at INTEGER
                ) WITHOUT ROWID;
                """)
        }
        // The number of the last entry that changed records (anything but a consultation, a
        // disclosure or a sign-in): what a cached answer was made from, read in one row.
        m.registerMigration("v7: data generation") { db in
            try db.execute(sql: "ALTER TABLE audit_head ADD COLUMN changed_seq INTEGER NOT NULL DEFAULT 0")
            try db.execute(sql: "UPDATE audit_head SET changed_seq = seq")
        }
        // What agencies record of a person, for matching their records (address, postcode, the
        // recording agency), and the judgements people make about pairs of records: a
        // judgement is never deleted, only marked undone, so the history stays with the data.
        m.registerMigration("v8: person matching") { db in
            try db.execute(sql: """
                ALTER TABLE entity ADD COLUMN address TEXT;
                ALTER TABLE entity ADD COLUMN postcode TEXT;
                ALTER TABLE entity ADD COLUMN source TEXT;
                CREATE TABLE match_judgement (
                    n INTEGER PRIMARY KEY,
                    a INTEGER NOT NULL REFERENCES entity(n),
                    b INTEGER NOT NULL REFERENCES entity(n),
                    verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'reject')),
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    score REAL,
                    undone_at INTEGER,
                    undone_by TEXT,
                    CHECK (a < b)
                );
                CREATE UNIQUE INDEX match_current ON match_judgement(a, b) WHERE undone_at IS NULL;
                CREATE INDEX match_b ON match_judgement(b);
                """)
        }
        // The entity table again, with its kind checked by comparisons: an IN list of three
        // values makes SQLite build a temporary table on every insert (measured: a million
        // rows 6.2 s with it, 2.5 s without). Same columns in the same order, same numbers, so
        // the content digest and every reference stay as they were.
        m.registerMigration("v9: entity kind checked without a temporary table") { db in
            try db.execute(sql: """
                CREATE TABLE entity_v9 (
                    n INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind = 'person' OR kind = 'location' OR kind = 'theme'),
                    name TEXT NOT NULL,
                    is_victim INTEGER NOT NULL DEFAULT 0,
                    victim_since INTEGER,
                    is_offender INTEGER NOT NULL DEFAULT 0,
                    offender_since INTEGER,
                    date_of_birth TEXT,
                    age_band TEXT,
                    gender TEXT,
                    ethnicity TEXT,
                    category TEXT,
                    latitude REAL,
                    longitude REAL,
                    area TEXT,
                    review_date TEXT,
                    address TEXT,
                    postcode TEXT,
                    source TEXT
                );
                INSERT INTO entity_v9 SELECT n, id, kind, name, is_victim, victim_since, is_offender, offender_since,
                    date_of_birth, age_band, gender, ethnicity, category, latitude, longitude, area, review_date,
                    address, postcode, source FROM entity;
                DROP TABLE entity;
                ALTER TABLE entity_v9 RENAME TO entity;
                CREATE INDEX entity_kind ON entity(kind);
                CREATE INDEX entity_review ON entity(review_date) WHERE review_date IS NOT NULL;
                """)
        }
        return m
    }
}
