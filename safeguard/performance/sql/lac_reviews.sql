-- Children looked after at the end of the period, and whether their reviews are in time that
-- day (Care Planning Regulations 2010, reg. 33): the first within 20 working days of the
-- start of care, the second within 3 months of the first, then at most 6 months apart. The
-- lengths are the clocks' (timescales.clocks lac_first_review, lac_second_review,
-- lac_later_review), bound as parameters.
-- Reviews held after the end of the period are not counted.
-- One row per period of care; category: the review now due (first, second, later).
-- Team: the team holding the case that day (no fallback: care has no referral).
SELECT
    v.child_id AS child_id,
    v.team_id AS team_id,
    v.subject_id AS subject_id,
    COALESCE(v.last_review, v.start_date) AS event_date,
    CASE WHEN v.reviews = 0 THEN 'first_review'
         WHEN v.reviews = 1 THEN 'second_review'
         ELSE 'later_review' END AS category,
    CASE
        WHEN v.reviews = 0 THEN CASE WHEN (
            SELECT d.date FROM timescales_calendarday d
            WHERE d.working_day_number = cs.working_day_ordinal + %(lac_first_review_working_days)s) >= %(date_to)s
            THEN 1 ELSE 0 END
        ELSE CASE WHEN (
            SELECT MAX(d.date) FROM timescales_calendarday cl, timescales_calendarday d
            WHERE cl.date = v.last_review
              AND d.month_index = cl.month_index + CASE WHEN v.reviews = 1
                  THEN %(lac_second_review_months)s ELSE %(lac_later_review_months)s END
              AND d.day_of_month <= cl.day_of_month) >= %(date_to)s
            THEN 1 ELSE 0 END
    END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
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
        (SELECT COUNT(*) FROM cases_lookedafterreview rv
         WHERE rv.period_id = lp.id AND rv.review_date <= %(date_to)s) AS reviews,
        (SELECT MAX(rv.review_date) FROM cases_lookedafterreview rv
         WHERE rv.period_id = lp.id AND rv.review_date <= %(date_to)s) AS last_review
    FROM cases_lookedafterperiod lp
    WHERE lp.start_date <= %(date_to)s
      AND (lp.end_date IS NULL OR lp.end_date > %(date_to)s)
    -- One row per period already: grouping keeps the database from inlining this subquery
    -- and looking the visits or reviews up again for each place they are used.
    GROUP BY lp.id, lp.child_id, lp.start_date
) v
JOIN timescales_calendarday cs ON cs.date = v.start_date
