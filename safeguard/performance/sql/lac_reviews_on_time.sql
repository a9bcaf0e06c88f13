-- Looked-after reviews that fell due in the period, and whether each was held by its due day
-- (Care Planning Regulations 2010, reg. 33): the first within the lac_first_review clock's
-- working days of the start of care, the second within lac_second_review's months of the
-- first, then each within lac_later_review's months of the one before (lengths bound from
-- timescales.clocks). Dated by the due day.
-- Each review is due from an anchor: the start of care, then each review held (reviews on
-- the same day count once; one on the start day itself is not a review of the period, as on
-- the child's timeline, cases.workflow.timeline). The review that meets it is the first one
-- after the anchor. A period of care that ended on or before the due day with no review held
-- never had that review fall due. One row per review due.
-- category: first, second or later review. days: working days late (0 if in time; NULL while
-- not held).
-- Team: the team holding the case on the due day (no fallback: care has no referral).
SELECT
    r.child_id AS child_id,
    (SELECT al.team_id FROM cases_allocation al
     WHERE al.child_id = r.child_id
       AND al.start_date <= r.due
       AND (al.end_date IS NULL OR al.end_date > r.due)
     ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
    r.subject_id AS subject_id,
    r.due AS event_date,
    CASE WHEN r.held_before = 0 THEN 'first_review'
         WHEN r.held_before = 1 THEN 'second_review'
         ELSE 'later_review' END AS category,
    CASE WHEN r.met IS NOT NULL AND r.met <= r.due THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CASE WHEN r.met IS NULL THEN NULL
         WHEN r.met <= r.due THEN 0
         ELSE (SELECT cm.working_day_ordinal FROM timescales_calendarday cm WHERE cm.date = r.met)
            - (SELECT cu.working_day_ordinal FROM timescales_calendarday cu WHERE cu.date = r.due)
    END AS days
FROM (
    SELECT
        a.subject_id AS subject_id,
        a.child_id AS child_id,
        a.end_date AS end_date,
        a.held_before AS held_before,
        (SELECT MIN(nx.review_date) FROM cases_lookedafterreview nx
         WHERE nx.period_id = a.subject_id AND nx.review_date > a.anchor) AS met,
        CASE WHEN a.held_before = 0 THEN (
            SELECT cd.date FROM timescales_calendarday cs, timescales_calendarday cd
            WHERE cs.date = a.anchor
              AND cd.working_day_number = cs.working_day_ordinal
                  + %(lac_first_review_working_days)s)
        ELSE (
            SELECT MAX(cd.date) FROM timescales_calendarday cs, timescales_calendarday cd
            WHERE cs.date = a.anchor
              AND cd.month_index = cs.month_index + CASE WHEN a.held_before = 1
                  THEN %(lac_second_review_months)s ELSE %(lac_later_review_months)s END
              AND cd.day_of_month <= cs.day_of_month)
        END AS due
    FROM (
        -- The start of each period of care: the first review's anchor.
        SELECT lp.id AS subject_id, lp.child_id AS child_id, lp.end_date AS end_date,
               0 AS held_before, lp.start_date AS anchor
        FROM cases_lookedafterperiod lp
        UNION ALL
        -- Each day a review was held (after the start): the next review's anchor, with how
        -- many review days there were up to and including it.
        SELECT lp.id, lp.child_id, lp.end_date,
               (SELECT COUNT(DISTINCT rb.review_date) FROM cases_lookedafterreview rb
                WHERE rb.period_id = lp.id
                  AND rb.review_date > lp.start_date
                  AND rb.review_date <= rv.review_date),
               rv.review_date
        FROM cases_lookedafterreview rv
        JOIN cases_lookedafterperiod lp ON lp.id = rv.period_id
        WHERE rv.review_date > lp.start_date
        GROUP BY lp.id, lp.child_id, lp.end_date, lp.start_date, rv.review_date
    ) a
) r
WHERE r.due >= %(date_from)s
  AND r.due <= %(date_to)s
  AND NOT (r.met IS NULL AND r.end_date IS NOT NULL AND r.end_date <= r.due)
