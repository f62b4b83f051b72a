-- Several servers on one database share one run queue: a queued run is a row that a worker claims
-- (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED), and each instance heart-beats in `instances`.
-- Portable between SQLite and PostgreSQL, like V1.

-- One row per server instance (or worker) that is up; a row whose heartbeat is old is a dead instance.
CREATE TABLE instances (
    id           TEXT PRIMARY KEY,
    role         TEXT NOT NULL,    -- all, web or worker
    device       INTEGER NOT NULL, -- 1: it runs runs on a device (TornadoVM), besides the CPU
    device_busy  INTEGER NOT NULL, -- 1: its device is running a run now
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

-- Round-robin across students: the owner whose last run was claimed longest ago goes next.
CREATE TABLE run_owners (
    owner           TEXT PRIMARY KEY,
    last_claimed_at BIGINT NOT NULL
);
INSERT INTO run_owners (owner, last_claimed_at)
    SELECT owner, MAX(COALESCE(started_at, 0)) FROM runs GROUP BY owner;

ALTER TABLE runs ADD COLUMN worker TEXT;                                -- the instance that claimed it
ALTER TABLE runs ADD COLUMN interactive INTEGER NOT NULL DEFAULT 0;     -- started from a lesson page
ALTER TABLE runs ADD COLUMN watched_at BIGINT;                          -- last time a page watched it
ALTER TABLE runs ADD COLUMN cancel_reason TEXT;                         -- set by anyone; the worker stops
ALTER TABLE runs ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;          -- hold at the next batch
ALTER TABLE runs ADD COLUMN steps INTEGER NOT NULL DEFAULT 0;           -- batches granted while paused, in all
CREATE INDEX runs_by_worker ON runs (worker, state);
