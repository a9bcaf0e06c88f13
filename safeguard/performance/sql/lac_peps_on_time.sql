-- Personal education plans of the children who became looked after in the period, and whether
-- each first plan was in place by its due day ("Promoting the education of looked-after
-- children", DfE 2018: within 20 school days of entering care, read as the lac_pep clock's
-- working days, bound as lac_pep_working_days from timescales.clocks; bank holidays are not
-- counted, school holidays are). One row per period of care, dated by the day its PEP clock
-- started: the day the child became looked after or, for a child under 3 then, their third
-- birthday (pep_from_age_months after the date of birth, clamped as add_months clamps:
-- 29 February -> 28 February), as on the child's timeline (care.clocks.pep_due_items). A
-- child whose date of birth is not known (or falls before the calendar's first day) is
-- counted from the start of care.
-- Met by the period's initial PEP (care.PersonalEducationPlan, kind 'initial': one a period).
-- A period of care that ended on or before the due day with no plan in place never had one
-- fall due, and a child who turned 3 after their care ended never had one.
-- category: in place by the day the clock started, later but in time, late, not in place (due
-- by the period's last day), or not in place and due only after the period's last day.
-- days: working days from the clock's start to the plan (0 if on or before it).
-- Team: the team holding the case on the due day (no fallback: care has no referral).
SELECT
    c.child_id AS child_id,
    (SELECT al.team_id FROM cases_allocation al
     WHERE al.child_id = c.child_id
       AND al.start_date <= c.due
       AND (al.end_date IS NULL OR al.end_date > c.due)
     ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
    c.subject_id AS subject_id,
    c.starts AS event_date,
    CASE WHEN c.held IS NULL AND c.due <= %(date_to)s THEN 'not_in_place'
         WHEN c.held IS NULL THEN 'due_after_period'
         WHEN c.held <= c.starts THEN 'before_start'
         WHEN c.held <= c.due THEN 'in_time'
         ELSE 'late' END AS category,
    CASE WHEN c.held IS NOT NULL AND c.held <= c.due THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CASE WHEN c.held IS NULL THEN NULL
         WHEN c.held <= c.starts THEN 0
         ELSE (SELECT ch.working_day_ordinal FROM timescales_calendarday ch
               WHERE ch.date = c.held)
            - (SELECT cs.working_day_ordinal FROM timescales_calendarday cs
               WHERE cs.date = c.starts) END AS days
FROM (
    SELECT
        s.subject_id AS subject_id,
        s.child_id AS child_id,
        s.end_date AS end_date,
        s.held AS held,
        s.starts AS starts,
        (SELECT cd.date FROM timescales_calendarday cs, timescales_calendarday cd
         WHERE cs.date = s.starts
           AND cd.working_day_number = cs.working_day_ordinal + %(lac_pep_working_days)s)
            AS due
    FROM (
        SELECT
            t.subject_id AS subject_id,
            t.child_id AS child_id,
            t.end_date AS end_date,
            t.held AS held,
            CASE WHEN t.third_birthday IS NOT NULL AND t.third_birthday > t.start_date
                 THEN t.third_birthday ELSE t.start_date END AS starts
        FROM (
            SELECT
                lp.id AS subject_id,
                lp.child_id AS child_id,
                lp.start_date AS start_date,
                lp.end_date AS end_date,
                (SELECT MIN(pe.meeting_date) FROM care_personaleducationplan pe
                 WHERE pe.period_id = lp.id AND pe.kind = 'initial') AS held,
                (SELECT MAX(a.date) FROM timescales_calendarday cb, timescales_calendarday a
                 WHERE cb.date = (SELECT p.date_of_birth FROM people_person p
                                  WHERE p.id = lp.child_id)
                   AND a.month_index = cb.month_index + %(pep_from_age_months)s
                   AND a.day_of_month <= cb.day_of_month) AS third_birthday
            FROM cases_lookedafterperiod lp
            -- Grouped (one row each anyway) so that PostgreSQL looks the plan and the third
            -- birthday up once rather than again wherever they are used.
            GROUP BY lp.id, lp.child_id, lp.start_date, lp.end_date
        ) t
    ) s
    WHERE s.starts >= %(date_from)s
      AND s.starts <= %(date_to)s
) c
WHERE NOT (c.held IS NULL AND c.end_date IS NOT NULL AND c.end_date <= c.due)
