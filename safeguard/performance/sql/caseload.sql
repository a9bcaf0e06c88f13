-- Caseload at the end of the period: children's cases held by each worker holding at least
-- one that day (a case-holding worker, in the workforce census's sense), and the worker's
-- full-time equivalent. One row per worker: numerator the cases, denominator the FTE, so the
-- indicator is cases per case-holding FTE. child_id is empty: the row is a worker.
-- Team: the worker's team (the record keeps no history of a worker's team).
SELECT
    CAST(NULL AS BIGINT) AS child_id,
    w.team_id AS team_id,
    w.id AS subject_id,
    CAST(NULL AS DATE) AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    held.cases AS numerator,
    w.full_time_equivalent AS denominator,
    held.cases AS days
FROM (
    SELECT al.worker_id AS worker_id, COUNT(*) AS cases
    FROM cases_allocation al
    WHERE al.worker_id IS NOT NULL
      AND al.start_date <= %(date_to)s
      AND (al.end_date IS NULL OR al.end_date > %(date_to)s)
    GROUP BY al.worker_id
) held
JOIN organisation_worker w ON w.id = held.worker_id
