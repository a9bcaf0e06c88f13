-- Families in family help on the last day of the period: the family's help started on or
-- before that day and not closed by it. One row per family, listed under the child whose help
-- started first of those in the family that day (lowest id on the same day), so the drill-down
-- names a family only to those who may see that child. Numerator: the lead practitioner on
-- that day works for a partner. Days: calendar days in help so far.
-- Team: the council team with oversight of the family's help.
SELECT
    (SELECT e.child_id
     FROM family_help_earlyhelpepisode e
     WHERE e.family_help_id = f.id
       AND e.start_date <= %(date_to)s
       AND (e.end_date IS NULL OR e.end_date > %(date_to)s)
     ORDER BY e.start_date, e.id
     LIMIT 1) AS child_id,
    f.team_id AS team_id,
    f.id AS subject_id,
    f.started_on AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN EXISTS (
        SELECT 1
        FROM family_help_leadpractitioner l
        WHERE l.family_help_id = f.id
          AND l.partner_user_id IS NOT NULL
          AND l.start_date <= %(date_to)s
          AND (l.end_date IS NULL OR l.end_date >= %(date_to)s)
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    ce.day_number - cs.day_number AS days
FROM family_help_familyhelpepisode f
JOIN timescales_calendarday cs ON cs.date = f.started_on
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
WHERE f.started_on <= %(date_to)s
  AND (f.ended_on IS NULL OR f.ended_on > %(date_to)s)
