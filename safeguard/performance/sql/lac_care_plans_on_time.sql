-- Care plans that fell due in the period, and whether each was agreed by its due day (Care
-- Planning Regulations 2010, reg. 4(2): before the child is first placed or within the
-- lac_care_plan clock's working days of the start of the first placement, bound as
-- lac_care_plan_working_days from timescales.clocks). Dated by the due day.
-- A period of care that ended on or before the due day with no plan agreed never had one fall
-- due, as on the child's timeline (cases.workflow.timeline). One row per period of care.
-- category: agreed by the day the child was placed, later but in time, late, or not agreed.
-- days: working days from the start of care to the agreement (0 if on or before the start).
-- Team: the team holding the case on the due day (no fallback: care has no referral).
SELECT
    c.child_id AS child_id,
    (SELECT al.team_id FROM cases_allocation al
     WHERE al.child_id = c.child_id
       AND al.start_date <= c.due
       AND (al.end_date IS NULL OR al.end_date > c.due)
     ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
    c.subject_id AS subject_id,
    c.due AS event_date,
    CASE WHEN c.care_plan_date IS NULL THEN 'not_agreed'
         WHEN c.care_plan_date <= c.start_date THEN 'before_placement'
         WHEN c.care_plan_date <= c.due THEN 'in_time'
         ELSE 'late' END AS category,
    CASE WHEN c.care_plan_date IS NOT NULL AND c.care_plan_date <= c.due THEN 1 ELSE 0 END
        AS numerator,
    1 AS denominator,
    CASE WHEN c.care_plan_date IS NULL THEN NULL
         WHEN c.care_plan_date <= c.start_date THEN 0
         ELSE (SELECT ca.working_day_ordinal FROM timescales_calendarday ca
               WHERE ca.date = c.care_plan_date) - c.start_ordinal END AS days
FROM (
    SELECT
        lp.id AS subject_id,
        lp.child_id AS child_id,
        lp.start_date AS start_date,
        lp.end_date AS end_date,
        lp.care_plan_date AS care_plan_date,
        cs.working_day_ordinal AS start_ordinal,
        cd.date AS due
    FROM cases_lookedafterperiod lp
    JOIN timescales_calendarday cs ON cs.date = lp.start_date
    JOIN timescales_calendarday cd
        ON cd.working_day_number = cs.working_day_ordinal + %(lac_care_plan_working_days)s
) c
WHERE c.due >= %(date_from)s
  AND c.due <= %(date_to)s
  AND NOT (c.care_plan_date IS NULL AND c.end_date IS NOT NULL AND c.end_date <= c.due)
