-- Children on a child protection plan at the end of the period, and whether their visits are
-- in time that day: seen on a child protection visit (or the plan started) no more than the
-- authority's visiting timescale in working days before it, so the next visit is not yet
-- overdue. Only visits after the plan started and at which the child was seen count, as in
-- the overdue lists (cases.selectors.timescales). One row per plan; days: working days since
-- the child was last seen (or the plan started).
-- Bound: date_to, cp_visit_working_days (the authority's cp_visit clock).
-- Team: the team holding the case that day, else the team of the referral.
SELECT
    v.child_id AS child_id,
    v.team_id AS team_id,
    v.subject_id AS subject_id,
    v.last_seen AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    -- Due: the N-th working day strictly after the last visit; in time while not past it.
    CASE WHEN cd.date >= %(date_to)s THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    ce.working_day_ordinal - cl.working_day_ordinal AS days
FROM (
    SELECT
        p.child_id AS child_id,
        COALESCE(
            (SELECT al.team_id FROM cases_allocation al
             WHERE al.child_id = p.child_id
               AND al.start_date <= %(date_to)s
               AND (al.end_date IS NULL OR al.end_date > %(date_to)s)
             ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
            r.team_id) AS team_id,
        p.id AS subject_id,
        COALESCE(
            (SELECT MAX(vi.visit_date) FROM cases_visit vi
             WHERE vi.child_id = p.child_id
               AND vi.kind = 'cp_visit'
               AND vi.child_seen
               AND vi.visit_date > p.start_date
               AND vi.visit_date <= %(date_to)s),
            p.start_date) AS last_seen
    FROM cases_childprotectionplan p
    JOIN cases_referral r ON r.id = p.referral_id
    WHERE p.start_date <= %(date_to)s
      AND (p.end_date IS NULL OR p.end_date > %(date_to)s)
    -- One row per plan already: grouping keeps the database from inlining this subquery and
    -- looking up the last visit again for each place it is used.
    GROUP BY p.id, p.child_id, p.start_date, r.team_id
) v
JOIN timescales_calendarday cl ON cl.date = v.last_seen
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
JOIN timescales_calendarday cd
  ON cd.working_day_number = cl.working_day_ordinal + %(cp_visit_working_days)s
