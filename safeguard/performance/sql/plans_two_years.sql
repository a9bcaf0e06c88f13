-- Child protection plans that ended in the period, and whether each lasted two years or more:
-- it ended on or after the second anniversary of its start (29 February -> 28 February),
-- two years bound as plan_band_2y_months (performance.registry).
-- One row per plan; days: calendar days the plan lasted.
-- Team: the team holding the case on the end date, else the team of the referral.
SELECT
    p.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = p.child_id
           AND al.start_date <= p.end_date
           AND (al.end_date IS NULL OR al.end_date > p.end_date)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    p.id AS subject_id,
    p.end_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN p.end_date >= (SELECT MAX(a.date) FROM timescales_calendarday a
                             WHERE a.month_index = cs.month_index + %(plan_band_2y_months)s
                               AND a.day_of_month <= cs.day_of_month)
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    ce.day_number - cs.day_number AS days
FROM cases_childprotectionplan p
JOIN cases_referral r ON r.id = p.referral_id
JOIN timescales_calendarday cs ON cs.date = p.start_date
JOIN timescales_calendarday ce ON ce.date = p.end_date
WHERE p.end_date >= %(date_from)s
  AND p.end_date <= %(date_to)s
