-- Children in family help (early help) on the last day of the period: each child's early
-- help episode (SSD ssd_early_help_episodes) started on or before that day and not ended by
-- it (an episode ending on the last day is no longer counted that day, as children_on_plans).
-- One row per child (one open episode per child). Numerator: the family's lead practitioner
-- on that day works for a partner (a school, a health service), not the council. Category:
-- the episode's reason (SSD earl_episode_reason); days: calendar days in help so far.
-- Team: the council team with oversight of the family's help, even when a partner leads.
SELECT
    e.child_id AS child_id,
    f.team_id AS team_id,
    e.id AS subject_id,
    e.start_date AS event_date,
    e.reason AS category,
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
FROM family_help_earlyhelpepisode e
JOIN family_help_familyhelpepisode f ON f.id = e.family_help_id
JOIN timescales_calendarday cs ON cs.date = e.start_date
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
WHERE e.start_date <= %(date_to)s
  AND (e.end_date IS NULL OR e.end_date > %(date_to)s)
