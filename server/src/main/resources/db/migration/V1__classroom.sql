-- Classes, students, teacher sign-in, runs and their per-epoch metrics.
-- Portable between SQLite and PostgreSQL: text ids, times as epoch milliseconds, booleans as 0/1.

CREATE TABLE classes (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    teacher_id       TEXT NOT NULL,
    max_epochs       INTEGER NOT NULL,
    runs_per_student INTEGER NOT NULL,
    cpu_fallback     INTEGER NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE students (
    id           TEXT PRIMARY KEY,
    class_id     TEXT NOT NULL REFERENCES classes (id),
    display_name TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    last_lesson  TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (class_id, display_name)
);

-- kind 'signin': the one-time link printed at start; kind 'session': a signed-in teacher's cookie.
CREATE TABLE teacher_tokens (
    token_hash TEXT PRIMARY KEY,
    teacher_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE runs (
    id             TEXT PRIMARY KEY,
    owner          TEXT NOT NULL,
    class_id       TEXT REFERENCES classes (id),
    model          TEXT NOT NULL,
    epochs         INTEGER NOT NULL,
    lr             DOUBLE PRECISION NOT NULL,
    batch_size     INTEGER NOT NULL,
    seed           BIGINT NOT NULL,
    backend        TEXT NOT NULL,
    state          TEXT NOT NULL,
    backend_used   TEXT,
    final_accuracy DOUBLE PRECISION,
    message        TEXT,
    restarted_from TEXT,
    created_at     BIGINT NOT NULL,
    started_at     BIGINT,
    ended_at       BIGINT
);
CREATE INDEX runs_by_state ON runs (state, created_at);
CREATE INDEX runs_by_class ON runs (class_id);
CREATE INDEX runs_by_owner ON runs (owner);

CREATE TABLE run_epochs (
    run_id         TEXT NOT NULL REFERENCES runs (id),
    epoch          INTEGER NOT NULL,
    train_loss     DOUBLE PRECISION,
    valid_loss     DOUBLE PRECISION,
    valid_accuracy DOUBLE PRECISION NOT NULL,
    seconds        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, epoch)
);
