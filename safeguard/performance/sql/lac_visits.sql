-- Children looked after at the end of the period, and whether their statutory visits are in
-- time that day (Care Planning Regulations 2010, reg. 28, as the overdue lists apply it):
-- the first visit within 7 days of the start of care, then at most 42 days (6 weeks) apart
-- (the lac_first_visit and lac_visit clocks of timescales.clocks, bound in days).
-- Only visits after care started and at which the child was seen count.
-- One row per period of care; days: calendar days since last seen (or care started).
-- Team: the team holding the case that day (no fallback: care has no referral).
SELECT
    v.child_id AS child_id,
    v.team_id AS team_id,
    v.subject_id AS subject_id,
    COALESCE(v.last_seen, v.start_date) AS event_date,
    CASE WHEN v.last_seen IS NULL THEN 'first_visit' ELSE 'later_visit' END AS category,
    CASE WHEN ce.day_number <= cl.day_number + CASE WHEN v.last_seen IS NULL
                                                    THEN %(lac_first_visit_days)s
                                                    ELSE %(lac_visit_days)s END
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    ce.day_number - cl.day_number AS days
FROM (
    SELECT
        lp.child_id AS child_id,
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = lp.child_id
           AND al.start_date <= %(date_to)s
           AND (al.end_date IS NULL OR al.end_date > %(date_to)s)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
        lp.id AS subject_id,
        lp.start_date AS start_date,
        (SELECT MAX(vi.visit_date) FROM cases_visit vi
         WHERE vi.child_id = lp.child_id
           AND vi.kind = 'lac_visit'
           AND vi.child_seen
           AND vi.visit_date > lp.start_date
           AND vi.visit_date <= %(date_to)s) AS last_seen
    FROM cases_lookedafterperiod lp
    WHERE lp.start_date <= %(date_to)s
      AND (lp.end_date IS NULL OR lp.end_date > %(date_to)s)
    -- One row per period already: grouping keeps the database from inlining this subquery
    -- and looking the visits or reviews up again for each place they are used.
    GROUP BY lp.id, lp.child_id, lp.start_date
) v
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
JOIN timescales_calendarday cl ON cl.date = COALESCE(v.last_seen, v.start_date)
