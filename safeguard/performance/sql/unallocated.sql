-- Children waiting for a worker at the end of the period: their case is held by a team with
-- no worker named, or they have an open referral and no team holds their case at all (the
-- team dashboard's "waiting for allocation"). One row per waiting case; days: working days
-- waited since the team allocation or the referral.
-- Team: the team holding the case, else the team the referral was made to.
SELECT
    al.child_id AS child_id,
    al.team_id AS team_id,
    al.id AS subject_id,
    al.start_date AS event_date,
    'team_allocation' AS category,
    1 AS numerator,
    1 AS denominator,
    ce.working_day_ordinal - cs.working_day_ordinal AS days
FROM cases_allocation al
JOIN timescales_calendarday cs ON cs.date = al.start_date
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
WHERE al.worker_id IS NULL
  AND al.start_date <= %(date_to)s
  AND (al.end_date IS NULL OR al.end_date > %(date_to)s)
UNION ALL
SELECT
    r.child_id AS child_id,
    r.team_id AS team_id,
    r.id AS subject_id,
    r.referral_date AS event_date,
    'referral' AS category,
    1 AS numerator,
    1 AS denominator,
    ce.working_day_ordinal - cs.working_day_ordinal AS days
FROM cases_referral r
JOIN timescales_calendarday cs ON cs.date = r.referral_date
JOIN timescales_calendarday ce ON ce.date = %(date_to)s
WHERE r.referral_date <= %(date_to)s
  AND (r.closure_date IS NULL OR r.closure_date > %(date_to)s)
  AND NOT EXISTS (
      SELECT 1 FROM cases_allocation held
      WHERE held.child_id = r.child_id
        AND held.start_date <= %(date_to)s
        AND (held.end_date IS NULL OR held.end_date > %(date_to)s))
