-- Child protection plans started in the period, and whether each is the child's second or
-- subsequent plan (an earlier plan, at any time, in this authority's record).
-- One row per plan. Team: the team holding the case on the start date, else the referral's.
SELECT
    p.child_id AS child_id,
    COALESCE(
        (SELECT al.team_id FROM cases_allocation al
         WHERE al.child_id = p.child_id
           AND al.start_date <= p.start_date
           AND (al.end_date IS NULL OR al.end_date > p.start_date)
         ORDER BY al.start_date DESC, al.id DESC LIMIT 1),
        r.team_id) AS team_id,
    p.id AS subject_id,
    p.start_date AS event_date,
    p.initial_category AS category,
    CASE WHEN EXISTS (
        SELECT 1 FROM cases_childprotectionplan e
        WHERE e.child_id = p.child_id
          AND (e.start_date < p.start_date OR (e.start_date = p.start_date AND e.id < p.id))
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM cases_childprotectionplan p
JOIN cases_referral r ON r.id = p.referral_id
WHERE p.start_date >= %(date_from)s
  AND p.start_date <= %(date_to)s
