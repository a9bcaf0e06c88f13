-- Children looked after at the end of the period, and whether their statutory visits are in
-- time that day (Care Planning Regulations 2010, reg. 28, as the overdue lists apply it: the
-- clock after each visit is chosen by the plan of the placement in force on the day of that
-- visit, cases.workflow.lac_visits):
--   the first visit within lac_first_visit_days of the start of care;
--   weekly (lac_visit_weekly_until_first_review_days) until the first review with a parent
--   before assessment or a connected person; then lac_visit_connected_person_days for a
--   connected person;
--   after the placement's first year (placement_first_year_months from its start): six-monthly
--   (lac_visit_long_term_foster_months) in a long-term foster placement where the child
--   agreed, otherwise three-monthly (lac_visit_until_18_months) in a placement meant to last
--   until 18 or a long-term foster placement;
--   otherwise lac_visit_days (six weeks, bound in days).
-- Months count as `timescales.expressions.months_after` does: the same day of the month, or
-- the month's last day when it is shorter.
-- Only visits after care started and at which the child was seen count; a placement recorded
-- before its plan was asked is 'standard'.
-- One row per period of care; days: calendar days since last seen (or care started).
-- Team: the team holding the case that day (no fallback: care has no referral).
SELECT
    v.child_id AS child_id,
    v.team_id AS team_id,
    v.subject_id AS subject_id,
    COALESCE(v.last_seen, v.start_date) AS event_date,
    CASE WHEN v.last_seen IS NULL THEN 'first_visit' ELSE 'later_visit' END AS category,
    CASE
        WHEN v.last_seen IS NULL
            THEN CASE WHEN ce.day_number <= cl.day_number + %(lac_first_visit_days)s
                      THEN 1 ELSE 0 END
        WHEN v.plan IN ('parent_before_assessment', 'connected_person')
             AND (v.first_review IS NULL OR v.first_review > v.last_seen)
            THEN CASE WHEN ce.day_number
                           <= cl.day_number + %(lac_visit_weekly_until_first_review_days)s
                      THEN 1 ELSE 0 END
        WHEN v.plan = 'connected_person'
            THEN CASE WHEN ce.day_number <= cl.day_number + %(lac_visit_connected_person_days)s
                      THEN 1 ELSE 0 END
        WHEN v.plan = 'long_term_foster' AND v.agreed AND v.first_year_ends IS NOT NULL
             AND v.last_seen >= v.first_year_ends
            THEN CASE WHEN %(date_to)s <= (
                          SELECT MAX(cm.date) FROM timescales_calendarday cm
                          WHERE cm.month_index
                                = cl.month_index + %(lac_visit_long_term_foster_months)s
                            AND cm.day_of_month <= cl.day_of_month)
                      THEN 1 ELSE 0 END
        WHEN v.plan IN ('until_18', 'long_term_foster') AND v.first_year_ends IS NOT NULL
             AND v.last_seen >= v.first_year_ends
            THEN CASE WHEN %(date_to)s <= (
                          SELECT MAX(cm.date) FROM timescales_calendarday cm
                          WHERE cm.month_index = cl.month_index + %(lac_visit_until_18_months)s
                            AND cm.day_of_month <= cl.day_of_month)
                      THEN 1 ELSE 0 END
        ELSE CASE WHEN ce.day_number <= cl.day_number + %(lac_visit_days)s THEN 1 ELSE 0 END
    END AS numerator,
    1 AS denominator,
    ce.day_number - cl.day_number AS days
FROM (
    SELECT
        p.*,
        (SELECT MAX(cm.date) FROM timescales_calendarday cm, timescales_calendarday cp
         WHERE cp.date = p.placement_start
           AND cm.month_index = cp.month_index + %(placement_first_year_months)s
           AND cm.day_of_month <= cp.day_of_month) AS first_year_ends
    FROM (
        SELECT
            w.*,
            COALESCE((SELECT pl.visiting_plan FROM cases_placement pl
                      WHERE pl.period_id = w.subject_id AND pl.start_date <= w.last_seen
                      ORDER BY pl.start_date DESC, pl.id DESC LIMIT 1), 'standard') AS plan,
            COALESCE((SELECT pl.six_monthly_visits_agreed FROM cases_placement pl
                      WHERE pl.period_id = w.subject_id AND pl.start_date <= w.last_seen
                      ORDER BY pl.start_date DESC, pl.id DESC LIMIT 1), FALSE) AS agreed,
            (SELECT pl.start_date FROM cases_placement pl
             WHERE pl.period_id = w.subject_id AND pl.start_date <= w.last_seen
             ORDER BY pl.start_date DESC, pl.id DESC LIMIT 1) AS placement_start,
            (SELECT MIN(r.review_date) FROM cases_lookedafterreview r
             WHERE r.period_id = w.subject_id AND r.review_date <= %(date_to)s) AS first_review
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
            -- One row per period already: grouping keeps the database from inlining this
            -- subquery and looking the visits or reviews up again for each place they are used.
            GROUP BY lp.id, lp.child_id, lp.start_date
        ) w
    ) p
) v
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
JOIN timescales_calendarday cl ON cl.date = COALESCE(v.last_seen, v.start_date)
