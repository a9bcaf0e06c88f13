-- Initial health assessments that fell due in the period, and whether each was held by its
-- due day (Care Planning Regulations 2010, reg. 7(1); Promoting the health and wellbeing of
-- looked-after children, 2015: within the lac_initial_health_assessment clock's working days
-- of becoming looked after, bound as lac_initial_health_assessment_working_days from
-- timescales.clocks). Dated by the due day; met by the period's initial health assessment
-- (care.HealthAssessment, kind 'initial': one per period).
-- A period of care that ended on or before the due day with no assessment held never had one
-- fall due, as on the child's timeline (care.clocks). One row per period of care.
-- category: held by the day the child became looked after, later but in time, late, or not
-- held. days: working days from the start of care to the assessment (0 if on or before it).
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
    CASE WHEN c.held IS NULL THEN 'not_held'
         WHEN c.held <= c.start_date THEN 'before_care'
         WHEN c.held <= c.due THEN 'in_time'
         ELSE 'late' END AS category,
    CASE WHEN c.held IS NOT NULL AND c.held <= c.due THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CASE WHEN c.held IS NULL THEN NULL
         WHEN c.held <= c.start_date THEN 0
         ELSE (SELECT ca.working_day_ordinal FROM timescales_calendarday ca
               WHERE ca.date = c.held) - c.start_ordinal END AS days
FROM (
    SELECT
        lp.id AS subject_id,
        lp.child_id AS child_id,
        lp.start_date AS start_date,
        lp.end_date AS end_date,
        (SELECT MIN(ha.assessment_date) FROM care_healthassessment ha
         WHERE ha.period_id = lp.id AND ha.kind = 'initial') AS held,
        cs.working_day_ordinal AS start_ordinal,
        cd.date AS due
    FROM cases_lookedafterperiod lp
    JOIN timescales_calendarday cs ON cs.date = lp.start_date
    JOIN timescales_calendarday cd
        ON cd.working_day_number
           = cs.working_day_ordinal + %(lac_initial_health_assessment_working_days)s
) c
WHERE c.due >= %(date_from)s
  AND c.due <= %(date_to)s
  AND NOT (c.held IS NULL AND c.end_date IS NOT NULL AND c.end_date <= c.due)
