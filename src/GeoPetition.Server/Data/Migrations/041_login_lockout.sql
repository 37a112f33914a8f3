-- Account lockout after repeated failed logins (a per-address rate limit alone does not stop
-- guessing one account's password from many addresses). failed_logins counts failures since the
-- last success or lock; reaching the threshold sets locked_until and starts the count again.
ALTER TABLE account
    ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    ADD COLUMN locked_until timestamptz;
