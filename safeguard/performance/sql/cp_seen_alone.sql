-- Child protection visits made in the period at which the child was seen, and whether the
-- child was seen alone. One row per visit.
-- Team: the team holding the case on the visit date (no fallback: a visit has no referral).
SELECT
    v.child_id AS child_id,
    (SELECT al.team_id FROM cases_allocation al
     WHERE al.child_id = v.child_id
       AND al.start_date <= v.visit_date
       AND (al.end_date IS NULL OR al.end_date > v.visit_date)
     ORDER BY al.start_date DESC, al.id DESC LIMIT 1) AS team_id,
    v.id AS subject_id,
    v.visit_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN v.seen_alone THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM cases_visit v
WHERE v.kind = 'cp_visit'
  AND v.child_seen
  AND v.visit_date >= %(date_from)s
  AND v.visit_date <= %(date_to)s
