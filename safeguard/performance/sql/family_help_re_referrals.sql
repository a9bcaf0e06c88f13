-- Referrals in the period, and whether each came within 12 months after the child's family
-- help (early help) closed with the family's needs met: an early help episode of the same
-- child that ended "needs met" (SSD earl_episode_end_reason) on or before the referral date,
-- the referral on or before the 12-month anniversary of that end (months clamped to the
-- month's end, as re_referrals.sql; the 12 months bound as re_referral_months).
-- One row per referral. Team: the team the referral was made to (as re_referrals).
SELECT
    r.child_id AS child_id,
    r.team_id AS team_id,
    r.id AS subject_id,
    r.referral_date AS event_date,
    CAST(NULL AS VARCHAR(30)) AS category,
    CASE WHEN EXISTS (
        SELECT 1
        FROM family_help_earlyhelpepisode e
        JOIN timescales_calendarday ce ON ce.date = e.end_date
        WHERE e.child_id = r.child_id
          AND e.end_reason = 'needs_met'
          AND e.end_date <= r.referral_date
          AND (ce.month_index > cr.month_index - %(re_referral_months)s
               OR (ce.month_index = cr.month_index - %(re_referral_months)s
                   AND ce.day_of_month >= cr.day_of_month))
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    CAST(NULL AS INTEGER) AS days
FROM cases_referral r
JOIN timescales_calendarday cr ON cr.date = r.referral_date
WHERE r.referral_date >= %(date_from)s
  AND r.referral_date <= %(date_to)s
