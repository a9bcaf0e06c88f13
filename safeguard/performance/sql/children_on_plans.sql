-- Children who are the subject of a child protection plan at the end of the period (a plan
-- started on or before that day and not ended by it), by latest category of abuse.
-- One row per plan (one open plan per child); days: calendar days on the plan so far.
-- Team: the team holding the case that day, else the team of the referral.
SELECT
    p.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = p.child_id
           AND al.start_date <= %(date_to)s
           AND (al.end_date IS NULL OR al.end_date > %(date_to)s)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    p.id AS subject_id,
    p.start_date AS event_date,
    p.latest_category AS category,
    1 AS numerator,
    1 AS denominator,
    ce.day_number - cs.day_number AS days
FROM cases_childprotectionplan p
JOIN cases_referral r ON r.id = p.referral_id
JOIN timescales_calendarday cs ON cs.date = p.start_date
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
WHERE p.start_date <= %(date_to)s
  AND (p.end_date IS NULL OR p.end_date > %(date_to)s)
